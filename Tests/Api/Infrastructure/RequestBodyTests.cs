namespace EventScheduler.Tests.Api.Infrastructure;

/// <summary>The server accepts exactly what the contract describes: no unknown properties, enum values as
/// documented, and errors in plain words with the allowed values.</summary>
public sealed class RequestBodyTests : ApiTestBase
{
    private static string[] Messages(JsonNode problem, string field) =>
        problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();

    [Test]
    public async Task Patch_WhenAFieldNameHasATypo_Returns400NamingItAndChangesNothing()
    {
        var meeting = await CreateMeetingAsync();
        var id = meeting["id"]!.GetValue<Guid>();

        var problem = await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{id}", new { inPersonCapcity = 10 }),
            HttpStatusCode.BadRequest, "validation_failed");
        var after = await Json(await Organiser.GetAsync($"/meetings/{id}"));

        Assert.Multiple(() =>
        {
            Assert.That(Messages(problem, "inPersonCapcity").Single(), Does.Contain("did you mean 'inPersonCapacity'"));
            Assert.That(after["version"]!.GetValue<int>(), Is.EqualTo(meeting["version"]!.GetValue<int>()));
            Assert.That(after["inPersonCapacity"]!.ToJsonString(), Is.EqualTo(meeting["inPersonCapacity"]!.ToJsonString()));
        });
    }

    [Test]
    public async Task Create_WhenSeveralPropertiesAreUnknown_NamesEachOfThem()
    {
        var problem = await ExpectProblem(await Organiser.PostAsync("/hospitals",
                RawJson("""{"name":"A","city":"Xi'an","province":"Shaanxi","allianceRole":"member","colour":"red","beds":900}""")),
            HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "colour", "beds" }));
    }

    [Test]
    public async Task Create_WhenANestedPropertyIsUnknown_NamesItsPath()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["venue"] = new JsonObject { ["nam"] = "Hall", ["address"] = "Hanzhong" };

        var problem = await ExpectProblem(await Organiser.PostAsync("/meetings", RawJson(body.ToJsonString())), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(Messages(problem, "venue.nam").Single(), Does.Contain("did you mean 'name'"));
    }

    [Test]
    public async Task Create_WhenAnEnumValueIsNotTheDocumentedSpelling_Returns400WithTheAllowedValues()
    {
        var problem = await ExpectProblem(await Organiser.PostAsync("/hospitals",
                RawJson("""{"name":"B","city":"Xi'an","province":"Shaanxi","allianceRole":"Member"}""")),
            HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(Messages(problem, "allianceRole"), Is.EqualTo(new[] { "allianceRole must be one of chair, vice_chair, member." }));
    }

    [Test]
    public async Task Create_WhenAValueHasTheWrongType_SaysWhatIsExpectedWithoutDotNetNames()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["inPersonCapacity"] = "many";

        var response = await Organiser.PostAsync("/meetings", RawJson(body.ToJsonString()));
        var text = await response.Content.ReadAsStringAsync();

        await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("inPersonCapacity must be a whole number."));
            Assert.That(text, Does.Not.Contain("System.").And.Not.Contain("Int32").And.Not.Contain("Nullable"));
        });
    }

    [Test]
    public async Task Query_WhenANumberDoesNotParse_SaysWhatIsExpectedWithoutDotNetNames()
    {
        var response = await Anonymous.GetAsync("/meetings?limit=abc");
        var text = await response.Content.ReadAsStringAsync();

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(Messages(problem, "limit"), Is.EqualTo(new[] { "limit must be a whole number." }));
            Assert.That(text, Does.Not.Contain("Int32"));
        });
    }

    [Test]
    public async Task Query_WhenAnEnumValueIsNotTheDocumentedSpelling_Returns400()
    {
        var problem = await ExpectProblem(await Anonymous.GetAsync("/meetings?status=Published"), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(Messages(problem, "status").Single(), Does.Contain("draft, published, cancelled, completed"));
    }

    [Test]
    public async Task Get_WhenAJsonContentTypeComesWithoutABody_Succeeds()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/meetings") { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentLength = null;

        await Expect(await Anonymous.SendAsync(request), HttpStatusCode.OK);
    }
}

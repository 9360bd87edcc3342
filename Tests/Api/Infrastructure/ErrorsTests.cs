namespace EventScheduler.Tests.Api.Infrastructure;

public sealed class ErrorsTests : ApiTestBase
{
    [Test]
    public async Task UnknownPath_Returns404Problem() =>
        await ExpectProblem(await Anonymous.GetAsync("/no-such-thing"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task WrongMethod_Returns405Problem() =>
        await ExpectProblem(await Organiser.PutAsync("/meetings", RawJson("{}")), HttpStatusCode.MethodNotAllowed, "method_not_allowed");

    [Test]
    public async Task MalformedRouteId_Returns400Problem()
    {
        var response = await Organiser.GetAsync("/hospitals/not-a-guid");

        await Expect(response, HttpStatusCode.BadRequest);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task DeeplyNestedJson_Returns400NotStackTrace()
    {
        var json = "{\"name\":" + new string('[', 500) + new string(']', 500) + "}";

        var response = await Organiser.PostAsync("/hospitals", RawJson(json));

        await Expect(response, HttpStatusCode.BadRequest);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("   at "));
    }

    [Test]
    public async Task Health_IsPublicAndReportsDatabase()
    {
        var body = await Json(await Anonymous.GetAsync("/health"));

        Assert.That((body["status"]!.GetValue<string>(), body["database"]!.GetValue<string>()), Is.EqualTo(("ok", "ok")));
    }

    [Test]
    public async Task FormPost_Returns415AndStoresNothing()
    {
        var name = Unique("Form");
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = name, ["city"] = "c", ["province"] = "p", ["allianceRole"] = "member" });

        await ExpectProblem(await Organiser.PostAsync("/hospitals", form), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        var list = await Json(await Organiser.GetAsync("/hospitals?limit=200"));
        Assert.That(list["items"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()), Does.Not.Contain(name));
    }

    [Test]
    public async Task ValidationMessages_NameFieldsInCamelCase()
    {
        var problem = await ExpectProblem(await Organiser.PostAsync("/hospitals", RawJson("{}")), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!["allianceRole"]![0]!.GetValue<string>(), Does.Contain("'allianceRole'"));
    }

    [Test]
    public async Task Bodies_AreReadableUtf8WithoutUnicodeEscapes()
    {
        var name = Unique("汉中3201医院");
        var created = await Organiser.PostAsJsonAsync("/hospitals", new { name, city = "汉中", province = "陕西", allianceRole = "member" });
        var problem = await Organiser.PostAsync("/hospitals", RawJson("{}"));

        var createdText = await created.Content.ReadAsStringAsync();
        var problemText = await problem.Content.ReadAsStringAsync();

        Assert.That(createdText, Does.Contain(name));
        Assert.That(problemText, Does.Not.Contain("\\u0027").And.Contain("'name'"));
    }
}

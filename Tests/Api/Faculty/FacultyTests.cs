namespace EventScheduler.Tests.Api.Faculty;

public sealed class FacultyTests : ApiTestBase
{
    [Test]
    public async Task Create_WhenHospitalUnknown_Returns400()
    {
        var response = await Organiser.PostAsJsonAsync("/faculty", new { fullName = "Li Yu", title = "Professor", hospitalId = Guid.NewGuid() });

        await ExpectProblem(response, HttpStatusCode.BadRequest, "unknown_hospital");
    }

    [Test]
    public async Task Create_WhenNameMissing_Returns400ByField()
    {
        var problem = await ExpectProblem(await Organiser.PostAsJsonAsync("/faculty", new { hospitalId = await CreateHospitalAsync() }),
            HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!["fullName"], Is.Not.Null);
    }

    [Test]
    public async Task List_WhenFilteredByHospital_ReturnsOnlyItsFaculty()
    {
        var hospital = await CreateHospitalAsync();
        var mine = await CreateFacultyAsync(hospital);
        await CreateFacultyAsync();

        var list = await Json(await Organiser.GetAsync($"/faculty?hospitalId={hospital}"));

        Assert.That(list["items"]!.AsArray().Select(f => f!["id"]!.GetValue<Guid>()), Is.EqualTo(new[] { mine }));
    }

    [Test]
    public async Task Update_WhenValid_ReplacesAndBumpsETag()
    {
        var id = await CreateFacultyAsync();
        var other = await CreateHospitalAsync();
        var etag = (await Organiser.GetAsync($"/faculty/{id}")).Headers.ETag!.ToString();

        var response = await SendAsync(Organiser, HttpMethod.Put, $"/faculty/{id}", new { fullName = "Zhang Xufeng", title = "Director", hospitalId = other }, etag);

        await Expect(response, HttpStatusCode.OK);
        var body = await Json(response);
        Assert.That((body["fullName"]!.GetValue<string>(), body["hospitalId"]!.GetValue<Guid>(), body["specialty"]), Is.EqualTo(("Zhang Xufeng", other, (JsonNode?)null)));
        Assert.That(response.Headers.ETag!.ToString(), Is.Not.EqualTo(etag));
    }

    [Test]
    public async Task Update_WhenStale_Returns412()
    {
        var id = await CreateFacultyAsync();

        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Put, $"/faculty/{id}", new { fullName = "X", hospitalId = await CreateHospitalAsync() }, "\"99\""),
            HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Test]
    public async Task Delete_WhenChairOfMeeting_Returns409InUse()
    {
        var hospital = await CreateHospitalAsync();
        var chair = await CreateFacultyAsync(hospital);
        var body = MeetingBody(hospital);
        body["chairIds"] = new JsonArray(chair.ToString());
        await CreateMeetingAsync(body);

        await ExpectProblem(await Organiser.DeleteAsync($"/faculty/{chair}"), HttpStatusCode.Conflict, "in_use");
    }

    [Test]
    public async Task Delete_WhenUnknown_Returns404() =>
        await ExpectProblem(await Organiser.DeleteAsync($"/faculty/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task Get_WithIntegrationKey_Returns403()
    {
        var id = await CreateFacultyAsync();
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        await ExpectProblem(await integration.GetAsync($"/faculty/{id}"), HttpStatusCode.Forbidden, "forbidden");
    }
}

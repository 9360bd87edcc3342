namespace EventScheduler.Tests.Api.Cme;

public sealed class AccreditationTests : CmeTestBase
{
    [Test]
    public async Task Put_WhenValid_IsReadBackWithAnETag()
    {
        var meeting = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        await Expect(await Organiser.PutAsJsonAsync($"/meetings/{meeting}/accreditation", AccreditationBody(85)), HttpStatusCode.OK);
        var response = await Organiser.GetAsync($"/meetings/{meeting}/accreditation");

        await Expect(response, HttpStatusCode.OK);
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
            Assert.That(body["projectNumber"]!.GetValue<string>(), Is.EqualTo("2021-04-07-118 (省)"));
            Assert.That(body["creditType"]!.GetValue<string>(), Is.EqualTo("class_i"));
            Assert.That(body["roundingStep"]!.GetValue<decimal>(), Is.EqualTo(0.25m));
            Assert.That(body["minimumAttendancePercent"]!.GetValue<int>(), Is.EqualTo(85));
        });
    }

    [Test]
    public async Task Put_WhenFigureOutOfRange_Returns400WithTheRuleAndKeepsTheOld()
    {
        var meeting = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await Expect(await Organiser.PutAsJsonAsync($"/meetings/{meeting}/accreditation", AccreditationBody(85)), HttpStatusCode.OK);

        var problem = await ExpectProblem(await Organiser.PutAsJsonAsync($"/meetings/{meeting}/accreditation", AccreditationBody(85, creditsPerHour: 0m)),
            HttpStatusCode.BadRequest, "credits_per_hour_out_of_range");

        Assert.That(problem["errors"]!["creditsPerHour"], Is.Not.Null);
        var kept = await Json(await Organiser.GetAsync($"/meetings/{meeting}/accreditation"));
        Assert.That(kept["creditsPerHour"]!.GetValue<decimal>(), Is.EqualTo(1m));
    }

    [Test]
    public async Task Put_WhenFieldMissing_Returns400ValidationFailed()
    {
        var meeting = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await ExpectProblem(await Organiser.PutAsJsonAsync($"/meetings/{meeting}/accreditation", new { accreditingBody = "Body" }),
            HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Organiser.GetAsync($"/meetings/{meeting}/accreditation"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Put_WhenIfMatchIsStale_Returns412()
    {
        var meeting = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        await Expect(await Organiser.PutAsJsonAsync($"/meetings/{meeting}/accreditation", AccreditationBody(85)), HttpStatusCode.OK);
        await Expect(await Organiser.PutAsJsonAsync($"/meetings/{meeting}/accreditation", AccreditationBody(80)), HttpStatusCode.OK);

        var stale = await SendAsync(Organiser, HttpMethod.Put, $"/meetings/{meeting}/accreditation", AccreditationBody(70), ifMatch: "\"1\"");

        await ExpectProblem(stale, HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Test]
    public async Task Put_WhenMeetingUnknown_Returns404() =>
        await ExpectProblem(await Organiser.PutAsJsonAsync($"/meetings/{Guid.NewGuid()}/accreditation", AccreditationBody()),
            HttpStatusCode.NotFound, "not_found");
}

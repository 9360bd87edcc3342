namespace EventScheduler.Tests.Api.Integration;

public sealed class UpdatedSinceTests : ApiTestBase
{
    private static string Since(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    private static async Task<IReadOnlyList<string>> IdsAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        await Expect(response, HttpStatusCode.OK);
        return (await Json(response))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
    }

    [Test]
    public async Task Lists_WithUpdatedSince_ReturnOnlyItemsChangedAfterIt()
    {
        var oldHospital = await CreateHospitalAsync();
        var oldFaculty = await CreateFacultyAsync(oldHospital);
        var oldMeeting = (await CreateMeetingAsync(MeetingBody(oldHospital)))["id"]!.GetValue<Guid>();
        var touched = (await CreateMeetingAsync(MeetingBody(oldHospital)))["id"]!.GetValue<Guid>();
        var since = Factory.Clock.GetUtcNow();
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));

        var newHospital = await CreateHospitalAsync();
        var newFaculty = await CreateFacultyAsync(newHospital);
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{touched}", new { title = Unique("Touched") }), HttpStatusCode.OK);

        var hospitals = await IdsAsync(Organiser, $"/hospitals?limit=200&updatedSince={Since(since)}");
        var faculty = await IdsAsync(Organiser, $"/faculty?limit=200&updatedSince={Since(since)}");
        var meetings = await IdsAsync(Organiser, $"/meetings?limit=200&updatedSince={Since(since)}");
        Assert.Multiple(() =>
        {
            Assert.That(hospitals, Does.Contain(newHospital.ToString()).And.Not.Contain(oldHospital.ToString()));
            Assert.That(faculty, Does.Contain(newFaculty.ToString()).And.Not.Contain(oldFaculty.ToString()));
            Assert.That(meetings, Does.Contain(touched.ToString()).And.Not.Contain(oldMeeting.ToString()));
        });
    }
}

namespace EventScheduler.Tests.Api.Programme;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class RescheduleTests : ProgrammeTestBase
{
    public RescheduleTests(string provider)
        : base(provider)
    {
    }

    private static JsonObject Window(TestMeeting m, double startShiftMinutes, double endShiftMinutes) => new()
    {
        ["startsAt"] = m.StartsAt.AddMinutes(startShiftMinutes).ToString("O"),
        ["endsAt"] = m.StartsAt.AddHours(9).AddMinutes(endShiftMinutes).ToString("O"),
    };

    [Test]
    public async Task Update_WhenSlotsWouldFallOutside_Returns409AndChangesNothing()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));

        var problem = await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}", Window(m, 1440, 1440).ToJsonString()),
            HttpStatusCode.Conflict, "slots_outside_meeting");

        Assert.That(problem["conflictingSlotId"]!.GetValue<Guid>(), Is.EqualTo(slot));
        var meeting = await Json(await Organiser.GetAsync($"/meetings/{m.Id}"));
        Assert.That(DateTimeOffset.Parse(meeting["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(m.StartsAt));
    }

    [Test]
    public async Task Update_WhenWindowGrowsAroundSlots_Returns200WithoutShifting()
    {
        var m = await NewMeetingAsync(publish: true);
        var slot = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));

        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}", Window(m, -60, 60).ToJsonString()), HttpStatusCode.OK);

        var current = await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{slot}"));
        Assert.That(DateTimeOffset.Parse(current["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(m.StartsAt));
    }

    [Test]
    public async Task Update_WhenShiftSlotsRequested_MovesEverySlotByTheStartDelta()
    {
        var m = await NewMeetingAsync(publish: true);
        var first = await CreateSlotAsync(m.Id, Lecture(m, 0, 60));
        var second = await CreateSlotAsync(m.Id, Case(m, 60, 180, await CreateFacultyAsync(), m.HostHospitalId));

        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}?shiftSlots=true", Window(m, 1440, 1440).ToJsonString()), HttpStatusCode.OK);

        var items = (await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots")))["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i!["id"]!.GetValue<Guid>()), Is.EqualTo(new[] { first, second }));
            Assert.That(DateTimeOffset.Parse(items[0]!["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(m.StartsAt.AddDays(1)));
            Assert.That(DateTimeOffset.Parse(items[1]!["endsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(m.StartsAt.AddDays(1).AddMinutes(180)));
        });
    }

    [Test]
    public async Task Update_WhenShiftMakesASurgeonClashElsewhere_Returns409AndChangesNothing()
    {
        var surgeon = await CreateFacultyAsync();
        var moving = await NewMeetingAsync(publish: true);
        var fixedMeeting = await NewMeetingAsync(publish: true, startsInDays: 31);
        var movingSlot = await CreateSlotAsync(moving.Id, Case(moving, 0, 120, surgeon, moving.HostHospitalId));
        var blocking = await CreateSlotAsync(fixedMeeting.Id, Case(fixedMeeting, 0, 120, surgeon, fixedMeeting.HostHospitalId));

        var problem = await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{moving.Id}?shiftSlots=true", Window(moving, 1440, 1440).ToJsonString()),
            HttpStatusCode.Conflict, "faculty_double_booked");

        Assert.That(problem["conflictingSlotId"]!.GetValue<Guid>(), Is.EqualTo(blocking));
        var slot = await Json(await Organiser.GetAsync($"/meetings/{moving.Id}/slots/{movingSlot}"));
        Assert.That(DateTimeOffset.Parse(slot["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(moving.StartsAt));
    }

    [Test]
    public async Task Update_WhenShiftedSlotsStillDoNotFit_Returns409()
    {
        var m = await NewMeetingAsync(publish: true);
        await CreateSlotAsync(m.Id, Lecture(m, 400, 540));

        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}?shiftSlots=true", Window(m, 60, -60).ToJsonString()),
            HttpStatusCode.Conflict, "slots_outside_meeting");
    }

    [Test]
    public async Task Update_WhenShiftSlotsIsNotABoolean_Returns400()
    {
        var m = await NewMeetingAsync(publish: true);

        await ExpectProblem(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}?shiftSlots=maybe", Window(m, 60, 60).ToJsonString()),
            HttpStatusCode.BadRequest, "validation_failed");
    }
}

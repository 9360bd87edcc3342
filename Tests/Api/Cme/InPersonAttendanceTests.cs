namespace EventScheduler.Tests.Api.Cme;

public sealed class InPersonAttendanceTests : CmeTestBase
{
    [Test]
    public async Task Attendance_WhenCheckedInAndScannedOutAtNoon_CountsTheMorningOnly()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, seat), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(3.5));
        await Expect(await ScanAsync(m.Id, seat, "out"), HttpStatusCode.Created);
        SetNow(m.Start.AddHours(9));

        var item = ItemOf(await AttendanceAsync(m.Id), seat);

        var slots = item["slots"]!.AsArray().ToDictionary(s => s!["slotId"]!.GetValue<Guid>(), s => s!["minutes"]!.GetValue<int>());
        Assert.Multiple(() =>
        {
            Assert.That(slots, Is.EquivalentTo(new Dictionary<Guid, int> { [m.Morning] = 210, [m.Afternoon] = 0 }), "the break does not count");
            Assert.That(item["attendedMinutes"]!.GetValue<int>(), Is.EqualTo(210));
            Assert.That(item["accreditedMinutes"]!.GetValue<int>(), Is.EqualTo(450));
            Assert.That(item["percent"]!.GetValue<decimal>(), Is.EqualTo(46.6m));
            Assert.That(item["eligible"]!.GetValue<bool>(), Is.True);
            Assert.That(item["credits"]!.GetValue<decimal>(), Is.EqualTo(3.5m));
        });
    }

    [Test]
    public async Task Attendance_WhenLeftAndCameBack_CountsBothStretches()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");
        SetNow(m.Start);
        await Expect(await CheckInAsync(m.Id, seat), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(1));
        await Expect(await ScanAsync(m.Id, seat, "out"), HttpStatusCode.Created);
        SetNow(m.Start.AddHours(6.5));
        await Expect(await ScanAsync(m.Id, seat, "in"), HttpStatusCode.Created);

        var item = ItemOf(await AttendanceAsync(m.Id), seat);

        // The test clock runs on in real time between two steps: a stretch may end a few milliseconds short of a minute.
        Assert.That(item["attendedMinutes"]!.GetValue<int>(), Is.InRange(60 + 120 - 1, 60 + 120));
    }

    [Test]
    public async Task Scan_WhenRegistrationCancelled_Returns409AndRecordsNothing()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/cancel", Token(seat)), HttpStatusCode.OK);
        SetNow(m.Start);

        await ExpectProblem(await ScanAsync(m.Id, seat, "in"), HttpStatusCode.Conflict, "not_confirmed_in_person");

        var attendance = await AttendanceAsync(m.Id);
        Assert.That(attendance["items"]!.AsArray().Any(i => i!["registrationId"]!.GetValue<Guid>() == Id(seat)), Is.False);
    }

    [Test]
    public async Task Scan_WhenCodeOfAnotherMeeting_Returns404()
    {
        var m = await CreateCmeMeetingAsync();
        var other = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(other.Id, "in_person");

        await ExpectProblem(await ScanAsync(m.Id, seat, "in"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Scan_WhenSlotOfAnotherMeeting_Returns400()
    {
        var m = await CreateCmeMeetingAsync();
        var other = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");

        await ExpectProblem(await ScanAsync(m.Id, seat, "in", other.Morning), HttpStatusCode.BadRequest, "slot_not_in_meeting");
    }

    [Test]
    public async Task Scan_WhenDirectionMissing_Returns400() =>
        await ExpectProblem(await Door.PostAsJsonAsync($"/meetings/{Guid.NewGuid()}/attendance/scans", new { code = "ABC" }),
            HttpStatusCode.BadRequest, "validation_failed");

    [Test]
    public async Task Adjustment_WhenScannerWasDown_AddsTheMinutesWithTheReason()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");
        SetNow(m.Start.AddHours(4.5));
        await Expect(await CheckInAsync(m.Id, seat), HttpStatusCode.OK);

        var response = await Organiser.PostAsJsonAsync($"/registrations/{Id(seat)}/attendance/adjustments",
            new { slotId = m.Morning, minutes = 120, reason = "Arrived at 10:00; the desk was not staffed yet" });

        await Expect(response, HttpStatusCode.Created);
        var item = ItemOf(await AttendanceAsync(m.Id), seat);
        // Present from 13:00 (a few ms of test-clock drift) to 17:00, plus the 120 minutes of the morning corrected in.
        Assert.That(item["attendedMinutes"]!.GetValue<int>(), Is.InRange(240 + 120 - 1, 240 + 120));
    }

    [Test]
    public async Task Adjustment_WithoutReason_Returns400AndChangesNothing()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");

        await ExpectProblem(await Organiser.PostAsJsonAsync($"/registrations/{Id(seat)}/attendance/adjustments", new { slotId = m.Morning, minutes = 30, reason = " " }),
            HttpStatusCode.BadRequest, "adjustment_reason_required");

        Assert.That(ItemOf(await AttendanceAsync(m.Id), seat)["attendedMinutes"]!.GetValue<int>(), Is.EqualTo(0));
    }

    [Test]
    public async Task Adjustment_WhenSlotOfAnotherMeeting_Returns400()
    {
        var m = await CreateCmeMeetingAsync();
        var other = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");

        await ExpectProblem(await Organiser.PostAsJsonAsync($"/registrations/{Id(seat)}/attendance/adjustments",
            new { slotId = other.Morning, minutes = 30, reason = "typo" }), HttpStatusCode.BadRequest, "slot_not_in_meeting");
    }

    [Test]
    public async Task Attendance_ForAnIntegrationKey_ShowsOnlyItsHospitalsAttendees()
    {
        var m = await CreateCmeMeetingAsync();
        var hospitalA = await CreateHospitalAsync();
        var hospitalB = await CreateHospitalAsync();
        var a = await SignUpPersonAsync(m.Id, "in_person", hospitalId: hospitalA);
        var b = await SignUpPersonAsync(m.Id, "in_person", hospitalId: hospitalB);
        using var integration = await ClientForRoleAsync("integration", hospitalA);

        var items = (await AttendanceAsync(m.Id, integration))["items"]!.AsArray().Select(i => i!["registrationId"]!.GetValue<Guid>()).ToList();

        Assert.That(items, Is.EqualTo(new[] { Id(a) }));
        Assert.That(items, Does.Not.Contain(Id(b)));
    }
}

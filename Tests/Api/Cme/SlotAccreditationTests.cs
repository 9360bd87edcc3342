namespace EventScheduler.Tests.Api.Cme;

public sealed class SlotAccreditationTests : CmeTestBase
{
    [Test]
    public async Task Slot_ByDefault_IsAccreditedForTeachingAndNotForBreaks()
    {
        var m = await CreateCmeMeetingAsync();

        var lecture = await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{m.Morning}"));
        var lunch = await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots/{m.Lunch}"));

        Assert.Multiple(() =>
        {
            Assert.That(lecture["accredited"]!.GetValue<bool>(), Is.True);
            Assert.That(lunch["accredited"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public async Task Attendance_WhenASlotIsNoLongerAccredited_LeavesItsTimeOut()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");

        var patch = await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{m.Afternoon}", new { accredited = false });
        await Expect(patch, HttpStatusCode.OK);
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, seat), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(9));

        var item = ItemOf(await AttendanceAsync(m.Id), seat);

        Assert.Multiple(async () =>
        {
            Assert.That((await Json(patch))["accredited"]!.GetValue<bool>(), Is.False);
            Assert.That(item["accreditedMinutes"]!.GetValue<int>(), Is.EqualTo(210), "the morning only");
            Assert.That(item["slots"]!.AsArray().Select(s => s!["slotId"]!.GetValue<Guid>()), Is.EqualTo(new[] { m.Morning }));
        });
    }

    [Test]
    public async Task Attendance_WhenABreakIsAccredited_CountsIt()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{m.Id}/slots/{m.Lunch}", new { accredited = true }), HttpStatusCode.OK);
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, seat), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(9));

        var item = ItemOf(await AttendanceAsync(m.Id), seat);

        Assert.That(item["accreditedMinutes"]!.GetValue<int>(), Is.EqualTo(510));
    }
}

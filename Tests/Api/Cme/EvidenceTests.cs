namespace EventScheduler.Tests.Api.Cme;

public sealed class EvidenceTests : CmeTestBase
{
    [Test]
    public async Task Evidence_ForAnInPersonAttendee_ListsEveryEntryInTimeOrderWithHowItWasRecorded()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");
        SetNow(m.Start.AddMinutes(-10));
        await Expect(await CheckInAsync(m.Id, seat), HttpStatusCode.OK);
        SetNow(m.Start.AddHours(2));
        await Expect(await ScanAsync(m.Id, seat, "out"), HttpStatusCode.Created);
        await Expect(await Organiser.PostAsJsonAsync($"/registrations/{Id(seat)}/attendance/adjustments",
            new { slotId = m.Morning, minutes = 30, reason = "Stepped out to take a call from the ward" }), HttpStatusCode.Created);

        var response = await Organiser.GetAsync($"/registrations/{Id(seat)}/attendance");

        await Expect(response, HttpStatusCode.OK);
        var entries = (await Json(response))["entries"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "check_in", "scan_out", "adjustment" }));
            Assert.That(entries.Select(e => e!["method"]!.GetValue<string>()), Is.EqualTo(new[] { "check_in_desk", "door_scan", "organiser_correction" }));
            Assert.That(entries[2]!["reason"]!.GetValue<string>(), Is.EqualTo("Stepped out to take a call from the ward"));
            Assert.That(entries[2]!["minutes"]!.GetValue<int>(), Is.EqualTo(30));
            Assert.That(entries[1]!["recordedBy"]?.GetValue<string>(), Is.Not.Null, "the door's key");
        });
    }

    [Test]
    public async Task Evidence_ForAnOnlineViewer_ShowsTheJoinAndCountsHeartbeats()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");
        SetNow(m.Start.AddMinutes(-5));
        using (var noRedirects = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
        {
            await Expect(await noRedirects.GetAsync($"/j/{Id(viewer)}?token={Uri.EscapeDataString(Token(viewer))}"), HttpStatusCode.Redirect);
        }

        for (var minute = 1; minute <= 3; minute++)
        {
            SetNow(m.Start.AddMinutes(minute));
            await Expect(await HeartbeatAsync(viewer), HttpStatusCode.NoContent);
        }

        var body = await Json(await Organiser.GetAsync($"/registrations/{Id(viewer)}/attendance"));

        Assert.Multiple(() =>
        {
            Assert.That(body["entries"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "join" }));
            Assert.That(body["heartbeats"]!["count"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(body["heartbeats"]!["lastAt"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Evidence_ForAnotherHospitalsIntegrationKey_Returns404()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person", hospitalId: await CreateHospitalAsync());
        using var other = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        await ExpectProblem(await other.GetAsync($"/registrations/{Id(seat)}/attendance"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Evidence_ForItsOwnHospitalsIntegrationKey_IsShown()
    {
        var m = await CreateCmeMeetingAsync();
        var hospital = await CreateHospitalAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person", hospitalId: hospital);
        using var own = await ClientForRoleAsync("integration", hospital);

        var response = await own.GetAsync($"/registrations/{Id(seat)}/attendance");

        await Expect(response, HttpStatusCode.OK);
        Assert.That((await Json(response))["registrationId"]!.GetValue<Guid>(), Is.EqualTo(Id(seat)));
    }
}

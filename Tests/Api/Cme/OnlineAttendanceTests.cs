namespace EventScheduler.Tests.Api.Cme;

public sealed class OnlineAttendanceTests : CmeTestBase
{
    private async Task<HttpResponseMessage> JoinAsync(JsonNode registration, string? token = null)
    {
        using var noRedirects = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return await noRedirects.GetAsync($"/j/{Id(registration)}?token={Uri.EscapeDataString(token ?? Token(registration))}");
    }

    [Test]
    public async Task Heartbeats_WhenFifteenMinutesAreMissing_LoseThoseMinutes()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");
        // Beats once a minute through the morning lecture (210 minutes), none from 09:31 to 09:45.
        for (var minute = 1; minute <= 210; minute++)
        {
            if (minute is > 60 and <= 75)
            {
                continue;
            }

            SetNow(m.Start.AddMinutes(minute));
            await Expect(await HeartbeatAsync(viewer), HttpStatusCode.NoContent);
        }

        var item = ItemOf(await AttendanceAsync(m.Id), viewer);

        // The beat at 09:46 covers the 75 s before it: 14.75 minutes of the gap are lost.
        var morning = item["slots"]!.AsArray().Single(s => s!["slotId"]!.GetValue<Guid>() == m.Morning)!;
        Assert.Multiple(() =>
        {
            Assert.That(morning["minutes"]!.GetValue<int>(), Is.EqualTo(195));
            Assert.That(item["attendedMinutes"]!.GetValue<int>(), Is.EqualTo(195));
        });
    }

    [Test]
    public async Task Join_WhenInsideTheWindow_RedirectsToTheStream()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");
        SetNow(m.Start.AddMinutes(-29));

        var response = await JoinAsync(viewer);

        await Expect(response, HttpStatusCode.Redirect);
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("https://live.example.org/hanzhong"));
    }

    [Test]
    public async Task Join_WhenTheClientAsksForJson_Returns200WithTheStreamUrl()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");
        SetNow(m.Start.AddMinutes(-29));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/j/{Id(viewer)}?token={Uri.EscapeDataString(Token(viewer))}");
        request.Headers.Accept.ParseAdd("application/json");

        var response = await Anonymous.SendAsync(request);

        await Expect(response, HttpStatusCode.OK);
        Assert.That((await response.Content.ReadFromJsonAsync<JsonNode>())!["streamUrl"]!.GetValue<string>(), Is.EqualTo("https://live.example.org/hanzhong"));
    }

    [Test]
    public async Task Join_WhenEarlierThanHalfAnHourBeforeTheStart_Returns409WithOpensAt()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");
        SetNow(m.Start.AddMinutes(-31));

        var problem = await ExpectProblem(await JoinAsync(viewer), HttpStatusCode.Conflict, "join_not_open_yet");

        Assert.That(DateTimeOffset.Parse(problem["opensAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(m.Start.AddMinutes(-30)));
    }

    [Test]
    public async Task Join_WhenTheMeetingHasEnded_Returns409JoinClosed()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");
        SetNow(m.Start.AddHours(9).AddMinutes(1));

        await ExpectProblem(await JoinAsync(viewer), HttpStatusCode.Conflict, "join_closed");
    }

    [Test]
    public async Task Join_WhenTokenWrong_Returns404()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");
        SetNow(m.Start);

        await ExpectProblem(await JoinAsync(viewer, "rmt_wrong"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Heartbeat_WhenInPersonRegistration_Returns409()
    {
        var m = await CreateCmeMeetingAsync();
        var seat = await SignUpPersonAsync(m.Id, "in_person");
        SetNow(m.Start);

        await ExpectProblem(await HeartbeatAsync(seat), HttpStatusCode.Conflict, "not_confirmed_online");
    }

    [Test]
    public async Task Heartbeat_WithAnApiKey_Returns403()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");
        SetNow(m.Start);

        var request = new HttpRequestMessage(HttpMethod.Post, $"/registrations/{Id(viewer)}/attendance/heartbeats");
        request.Headers.Add(TokenHeader, Token(viewer));
        await ExpectProblem(await Organiser.SendAsync(request), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Heartbeat_WithoutToken_Returns401()
    {
        var m = await CreateCmeMeetingAsync();
        var viewer = await SignUpPersonAsync(m.Id, "online");

        await ExpectProblem(await Anonymous.PostAsync($"/registrations/{Id(viewer)}/attendance/heartbeats", null), HttpStatusCode.Unauthorized, "token_required");
    }
}

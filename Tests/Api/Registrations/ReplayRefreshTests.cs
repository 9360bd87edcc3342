namespace EventScheduler.Tests.Api.Registrations;

/// <summary>A replayed sign-up (same Idempotency-Key and body) answers the original body with its status, waiting-list
/// position and stream as the registration stands now: never more than a fresh read would show.</summary>
public sealed class ReplayRefreshTests : RegistrationTestBase
{
    private const string StreamUrl = "https://live.example.org/hanzhong";

    private async Task<(Guid Meeting, JsonObject Body, string Key, byte[] First, JsonNode Registration)> OnlineSignUpAsync()
    {
        var meeting = await CreateOpenMeetingAsync(online: 50);
        var body = SignUpBody("online");
        var key = Guid.NewGuid().ToString();
        var response = await PostSignUpAsync(Anonymous, meeting, body, key);
        await Expect(response, HttpStatusCode.Created);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var registration = JsonNode.Parse(bytes)!;
        Assert.That(registration["stream"]?["url"]?.GetValue<string>(), Is.EqualTo(StreamUrl), "confirmed online: the first answer has the stream");
        return (meeting, body, key, bytes, registration);
    }

    private async Task<(HttpResponseMessage Response, JsonNode Body)> ReplayAsync(Guid meeting, JsonObject body, string key)
    {
        var response = await PostSignUpAsync(Anonymous, meeting, body, key);
        await Expect(response, HttpStatusCode.Created);
        Assert.That(response.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        return (response, JsonNode.Parse(await response.Content.ReadAsByteArrayAsync())!);
    }

    [Test]
    public async Task Replay_WhenNothingChanged_ReturnsTheSameBytes()
    {
        var (meeting, body, key, first, _) = await OnlineSignUpAsync();

        var replay = await PostSignUpAsync(Anonymous, meeting, body, key);

        await Expect(replay, HttpStatusCode.Created);
        Assert.That(await replay.Content.ReadAsByteArrayAsync(), Is.EqualTo(first));
    }

    [Test]
    public async Task Replay_WhenAttendeeCancelled_ShowsCancelledWithoutStream()
    {
        var (meeting, body, key, _, registration) = await OnlineSignUpAsync();
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(registration)}/cancel", Token(registration)), HttpStatusCode.OK);

        var (_, replayed) = await ReplayAsync(meeting, body, key);

        Assert.Multiple(() =>
        {
            Assert.That(Status(replayed), Is.EqualTo("cancelled"));
            Assert.That(replayed["cancellationReason"]!.GetValue<string>(), Is.EqualTo("attendee"));
            Assert.That(replayed.AsObject().ContainsKey("stream"), Is.False, "no stream URL for a cancelled registration");
            Assert.That(Id(replayed), Is.EqualTo(Id(registration)));
            Assert.That(Token(replayed), Is.EqualTo(Token(registration)), "the rest is the original answer");
            Assert.That(replayed["fullName"]!.GetValue<string>(), Is.EqualTo(registration["fullName"]!.GetValue<string>()));
            Assert.That(replayed["version"]!.GetValue<int>(), Is.GreaterThan(registration["version"]!.GetValue<int>()));
        });
    }

    [Test]
    public async Task Replay_WhenMeetingCancelled_ShowsCancelledWithoutStream()
    {
        var (meeting, body, key, _, registration) = await OnlineSignUpAsync();
        await Expect(await SendAsync(Organiser, HttpMethod.Post, $"/meetings/{meeting}/cancel", new { reason = "Typhoon warning" }), HttpStatusCode.OK);

        var (_, replayed) = await ReplayAsync(meeting, body, key);

        Assert.Multiple(() =>
        {
            Assert.That(Status(replayed), Is.EqualTo("cancelled"));
            Assert.That(replayed["cancellationReason"]!.GetValue<string>(), Is.EqualTo("meeting_cancelled"));
            Assert.That(replayed.AsObject().ContainsKey("stream"), Is.False);
            Assert.That(Token(replayed), Is.EqualTo(Token(registration)));
        });
    }

    [Test]
    public async Task Replay_WhenStreamUrlChanged_ShowsTheCurrentUrl()
    {
        var (meeting, body, key, _, _) = await OnlineSignUpAsync();
        const string moved = "https://live.example.org/hanzhong-backup";
        await Expect(await SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting}",
            $"{{\"stream\":{{\"platform\":\"Alliance live\",\"url\":\"{moved}\"}}}}"), HttpStatusCode.OK);

        var (_, replayed) = await ReplayAsync(meeting, body, key);

        Assert.Multiple(() =>
        {
            Assert.That(replayed["stream"]!["url"]!.GetValue<string>(), Is.EqualTo(moved));
            Assert.That(Status(replayed), Is.EqualTo("confirmed"));
        });
    }

    [Test]
    public async Task Replay_WhenPromotedFromTheWaitingList_ShowsConfirmedWithoutPosition()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var seat = await SignUpAsync(meeting);
        var body = SignUpBody();
        var key = Guid.NewGuid().ToString();
        var waiting = await Json(await PostSignUpAsync(Anonymous, meeting, body, key));
        Assert.That(Position(waiting), Is.EqualTo(1));
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/cancel", Token(seat)), HttpStatusCode.OK);

        var (_, replayed) = await ReplayAsync(meeting, body, key);

        Assert.Multiple(() =>
        {
            Assert.That(Status(replayed), Is.EqualTo("confirmed"));
            Assert.That(Position(replayed), Is.Null);
            Assert.That(replayed["checkInCode"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, "what a fresh read shows the confirmed attendee");
        });
    }
}

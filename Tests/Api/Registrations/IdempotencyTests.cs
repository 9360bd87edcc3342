using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Registrations;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class IdempotencyTests : RegistrationTestBase
{
    public IdempotencyTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task SignUp_WhenRetriedWithSameKey_ReturnsStoredResponseByteForByteAndCreatesOne()
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();
        var key = Guid.NewGuid().ToString();

        var first = await PostSignUpAsync(Anonymous, meeting, body, key);
        var retry = await PostSignUpAsync(Anonymous, meeting, body, key);

        await Expect(first, HttpStatusCode.Created);
        await Expect(retry, HttpStatusCode.Created);
        Assert.Multiple(async () =>
        {
            Assert.That(await retry.Content.ReadAsByteArrayAsync(), Is.EqualTo(await first.Content.ReadAsByteArrayAsync()));
            Assert.That(retry.Headers.Location, Is.EqualTo(first.Headers.Location));
            Assert.That(retry.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
            Assert.That(await ListAllAsync(meeting), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task SignUp_WhenSameKeyDifferentBody_Returns422()
    {
        var meeting = await CreateOpenMeetingAsync();
        var key = Guid.NewGuid().ToString();
        await Expect(await PostSignUpAsync(Anonymous, meeting, SignUpBody(), key), HttpStatusCode.Created);

        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody(), key), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.That(await ListAllAsync(meeting), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignUp_WhenSameKeyFromAnotherCaller_IsIndependent()
    {
        var meeting = await CreateOpenMeetingAsync();
        var key = Guid.NewGuid().ToString();
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());
        await Expect(await PostSignUpAsync(Organiser, meeting, SignUpBody(), key), HttpStatusCode.Created);

        var other = await PostSignUpAsync(integration, meeting, SignUpBody(), key);

        await Expect(other, HttpStatusCode.Created);
        Assert.That(other.Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That(await ListAllAsync(meeting), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task SignUp_WhenFirstAttemptFailed_RetryRunsAgain()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["registrationOpensAt"] = Factory.Clock.GetUtcNow().AddHours(1).ToString("O");
        var meeting = await CreatePublishedMeetingAsync(body);
        var signUp = SignUpBody();
        var key = Guid.NewGuid().ToString();
        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, signUp, key), HttpStatusCode.Conflict, "registration_closed");
        Factory.Clock.Advance(TimeSpan.FromHours(2));

        await Expect(await PostSignUpAsync(Anonymous, meeting, signUp, key), HttpStatusCode.Created);
    }

    [Test]
    public async Task SignUp_WhenDuplicatesArriveTogether_CreatesOneAndAnswers201Or409InFlight()
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostSignUpAsync(Anonymous, meeting, body, key)));

        Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.AnyOf(201, 409));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = await ExpectProblem(conflict, HttpStatusCode.Conflict, "idempotency_key_in_flight");
            Assert.That(conflict.Headers.RetryAfter, Is.Not.Null, problem.ToJsonString());
        }

        var bodies = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Created).Select(r => r.Content.ReadAsStringAsync()));
        Assert.That(bodies.Distinct().Count(), Is.EqualTo(1));
        Assert.That(await ListAllAsync(meeting), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SignUp_WhenRetriedTheInstantTheAnswerArrives_AlwaysReplays()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: null);
        var refused = new List<int>();
        for (var i = 0; i < 150; i++)
        {
            var body = SignUpBody();
            var key = Guid.NewGuid().ToString();
            using var first = await SendKeyedAsync(Anonymous, $"/meetings/{meeting}/registrations", body, key);
            // As soon as the status line is in: the first request's handler may still be finishing.
            using var retry = await SendKeyedAsync(Anonymous, $"/meetings/{meeting}/registrations", body, key);
            if (retry.StatusCode != HttpStatusCode.Created || !retry.Headers.Contains("Idempotent-Replayed"))
            {
                refused.Add((int)retry.StatusCode);
            }
        }

        Assert.That(refused, Is.Empty, "retries that did not replay");
    }

    [Test]
    public async Task SignUp_WhenRetriedWithTheMeetingIdInCapitals_Replays()
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();
        var key = Guid.NewGuid().ToString();
        await Expect(await Anonymous.SendAsync(Keyed($"/meetings/{meeting}/registrations", body, key)), HttpStatusCode.Created);

        var retry = await Anonymous.SendAsync(Keyed($"/meetings/{meeting.ToString().ToUpperInvariant()}/registrations", body, key));

        await Expect(retry, HttpStatusCode.Created);
        Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.True, "the same operation on the same meeting");
    }

    [Test]
    public async Task SignUp_WhenTheSameKeyAndBodyGoToAnotherMeeting_Returns422()
    {
        var body = SignUpBody();
        var key = Guid.NewGuid().ToString();
        await Expect(await PostSignUpAsync(Anonymous, await CreateOpenMeetingAsync(), body, key), HttpStatusCode.Created);

        var other = await PostSignUpAsync(Anonymous, await CreateOpenMeetingAsync(), body, key);

        await ExpectProblem(other, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    private static Task<HttpResponseMessage> SendKeyedAsync(HttpClient client, string url, object body, string key) =>
        client.SendAsync(Keyed(url, body, key), HttpCompletionOption.ResponseHeadersRead);

    [TestCase("")]
    [TestCase("has space")]
    public async Task SignUp_WhenKeyMalformed_Returns400(string key)
    {
        var meeting = await CreateOpenMeetingAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/meetings/{meeting}/registrations") { Content = JsonContent.Create(SignUpBody()) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await Anonymous.SendAsync(request);

        if (key.Length == 0)
        {
            // An empty header is the same as none.
            Assert.That((int)response.StatusCode, Is.EqualTo(201).Or.EqualTo(400));
            return;
        }

        await ExpectProblem(response, HttpStatusCode.BadRequest, "idempotency_key_invalid");
    }

    [Test]
    public async Task Purge_RemovesOnlyKeysOlderThanRetention()
    {
        var meeting = await CreateOpenMeetingAsync();
        var idempotency = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<EventScheduler.Api.Infrastructure.Idempotency>(Factory.Services);
        var oldKey = Guid.NewGuid().ToString();
        await Expect(await PostSignUpAsync(Organiser, meeting, SignUpBody(), oldKey), HttpStatusCode.Created);
        Factory.Clock.Advance(TimeSpan.FromHours(47));
        var freshBody = SignUpBody();
        var freshKey = Guid.NewGuid().ToString();
        await Expect(await PostSignUpAsync(Organiser, meeting, freshBody, freshKey), HttpStatusCode.Created);
        Factory.Clock.Advance(TimeSpan.FromHours(2));

        var purged = await idempotency.PurgeAsync(CancellationToken.None);

        Assert.That(purged, Is.GreaterThanOrEqualTo(1));
        var replay = await PostSignUpAsync(Organiser, meeting, freshBody, freshKey);
        Assert.That(replay.Headers.Contains("Idempotent-Replayed"), Is.True, "a key younger than the retention is kept");
    }

    [Test]
    public async Task SignUp_WhenKeyOlderThanRetention_IsForgotten()
    {
        var meeting = await CreateOpenMeetingAsync();
        var key = Guid.NewGuid().ToString();
        await Expect(await PostSignUpAsync(Organiser, meeting, SignUpBody(), key), HttpStatusCode.Created);
        Factory.Clock.Advance(TimeSpan.FromHours(49));

        var later = await PostSignUpAsync(Organiser, meeting, SignUpBody(), key);

        await Expect(later, HttpStatusCode.Created);
    }

    private static HttpRequestMessage Keyed(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Test]
    public async Task StoredResponse_HoldsNoKeyTokenOrContactDataInTheClear()
    {
        var meeting = await CreateOpenMeetingAsync();
        var key = Guid.NewGuid().ToString();
        var body = SignUpBody(email: $"sealed-{Guid.NewGuid():N}@hospital.example.cn");
        var created = await Json(await PostSignUpAsync(Anonymous, meeting, body, key));

        var db = Factory.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync(CancellationToken.None);
        var rows = (await c.QueryAsync<(string Key, byte[] Body)>("SELECT key, body FROM idempotency_keys")).ToList();
        var everything = string.Join("\n", rows.Select(r => r.Key + System.Text.Encoding.UTF8.GetString(r.Body)));

        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.Not.Empty);
            Assert.That(everything, Does.Not.Contain(key));
            Assert.That(everything, Does.Not.Contain(Token(created)));
            Assert.That(everything, Does.Not.Contain(body["email"]!.GetValue<string>()));
        });

        var replay = await PostSignUpAsync(Anonymous, meeting, body, key);
        Assert.That(Token(await Json(replay)), Is.EqualTo(Token(created)), "the caller with the key still gets its response back");
    }
}

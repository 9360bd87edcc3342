using Dapper;

namespace EventScheduler.Tests.Api.Coherence;

/// <summary>Issue 15: an Idempotency-Key's claim is kept in the database, so the same key sent to two instances at once
/// has one effect, and the other instance answers 409 idempotency_key_in_flight or the first answer's replay.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class IdempotencyAcrossInstancesTests : TwoInstancesTestBase
{
    public IdempotencyAcrossInstancesTests(string provider)
        : base(provider)
    {
    }

    private const int Trials = 25;

    [Test]
    public async Task CreateFaculty_WhenTheSameKeyGoesToBothInstancesAtOnce_CreatesOneAndTheOtherWaitsOrReplays()
    {
        var hospital = await CreateHospitalAsync();
        var problems = new List<string>();
        for (var trial = 0; trial < Trials; trial++)
        {
            var name = Unique("Dir. Both");
            var body = new { fullName = name, title = "Director", hospitalId = hospital, specialty = "HPB" };
            var key = Guid.NewGuid().ToString();

            var (onA, onB) = await AtOnceAsync(() => Organiser.SendAsync(Keyed("/faculty", body, key)), () => OrganiserB.SendAsync(Keyed("/faculty", body, key)));
            var first = await CheckPairAsync(onA, onB, trial, problems);
            var rows = await CountAsync("SELECT COUNT(*) FROM faculty WHERE full_name = @name", new { name });
            if (rows != 1)
            {
                problems.Add($"trial {trial}: {rows} faculty rows");
            }

            if (first is not null)
            {
                await CheckRetriesReplayAsync(first, () => Keyed("/faculty", body, key), Organiser, OrganiserB, trial, problems);
            }
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task SignUp_WhenTheSameKeyGoesToBothInstancesAtOnce_RegistersOnceAndEveryRetryGetsTheManageToken()
    {
        var meeting = await OpenMeetingAsync();
        var problems = new List<string>();
        for (var trial = 0; trial < Trials; trial++)
        {
            var email = $"both-{Guid.NewGuid():N}@hospital.example.cn";
            var body = SignUpBody(email);
            var key = Guid.NewGuid().ToString();
            var url = $"/meetings/{meeting}/registrations";

            var (onA, onB) = await AtOnceAsync(() => Anonymous.SendAsync(Keyed(url, body, key)), () => AnonymousB.SendAsync(Keyed(url, body, key)));
            var first = await CheckPairAsync(onA, onB, trial, problems);
            var rows = await CountAsync("SELECT COUNT(*) FROM registrations WHERE meeting_id = @meeting AND email = @email", new { meeting = meeting.ToString(), email });
            if (rows != 1)
            {
                problems.Add($"trial {trial}: {rows} registrations");
            }

            if (first is not null)
            {
                if (JsonNode.Parse(first)?["manageToken"]?.GetValue<string>() is not { Length: > 0 })
                {
                    problems.Add($"trial {trial}: the first answer has no manage token: {first}");
                }

                await CheckRetriesReplayAsync(first, () => Keyed(url, body, key), Anonymous, AnonymousB, trial, problems);
            }
        }

        Assert.That(problems, Is.Empty);
    }

    /// <summary>A process killed while it holds claims (its work waiting for the write lock, which the test holds) leaves
    /// them in the database: the other instance answers 409 until their lease runs out, then runs the request once.</summary>
    [Test]
    public async Task CreateFaculty_WhenTheInstanceHoldingTheClaimIsKilled_TheKeyIsFreeAgainAfterTheLease()
    {
        var hospital = await CreateHospitalAsync();
        var organiserKey = Organiser.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        Dictionary<string, (string Key, object Body, string Name)> left = [];
        for (var attempt = 0; attempt < 5 && left.Count == 0; attempt++)
        {
            left = await KillWhileClaimedAsync(hospital, organiserKey);
        }

        Assert.That(left, Is.Not.Empty, "no claim was left behind by the killed process");
        foreach (var (key, body, name) in left.Values)
        {
            // Still within the dead owner's lease (30 s, on the real clock).
            await ExpectProblem(await Organiser.SendAsync(Keyed("/faculty", body, key)), HttpStatusCode.Conflict, "idempotency_key_in_flight");
        }

        Factory.Clock.Advance(TimeSpan.FromSeconds(31));
        foreach (var (key, body, name) in left.Values)
        {
            var runs = await Organiser.SendAsync(Keyed("/faculty", body, key));
            await Expect(runs, HttpStatusCode.Created);
            Assert.That(runs.Headers.Contains("Idempotent-Replayed"), Is.False, "the dead process's request never committed");
            var retry = await Organiser.SendAsync(Keyed("/faculty", body, key));
            Assert.Multiple(async () =>
            {
                Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.True);
                Assert.That(await retry.Content.ReadAsStringAsync(), Is.EqualTo(await runs.Content.ReadAsStringAsync()));
                Assert.That(await CountAsync("SELECT COUNT(*) FROM faculty WHERE full_name = @name", new { name }), Is.EqualTo(1));
            });
        }

        // Dapper expands a list into IN (...) on SQLite but hands Npgsql the array itself.
        var among = OnPostgres ? "key = ANY(@keys)" : "key IN @keys";
        Assert.That(await CountAsync($"SELECT COUNT(*) FROM idempotency_claims WHERE {among}", new { keys = left.Keys.ToArray() }), Is.Zero,
            "the requests that ran again ended the dead claims");
    }

    /// <summary>Starts a real Api process on the fixture's database, sends it keyed creates, takes the write lock as soon
    /// as claims exist (their work cannot commit then), kills the process and lets go. Returns the claims it left,
    /// by hashed key.</summary>
    private async Task<Dictionary<string, (string Key, object Body, string Name)>> KillWhileClaimedAsync(Guid hospital, string organiserKey)
    {
        using var process = await Durability.ApiProcess.StartAsync(Factory.DatabasePath, ApiFactory.AdminKey, TimeSpan.FromSeconds(60), ProcessSettings);
        using var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", organiserKey);
        var sent = Enumerable.Range(0, 40).Select(_ =>
        {
            var name = Unique("Dir. Killed");
            return (Key: Guid.NewGuid().ToString(), Body: (object)new { fullName = name, title = "Director", hospitalId = hospital, specialty = "HPB" }, Name: name);
        }).ToDictionary(s => StoredKey(s.Key));
        var requests = sent.Values.Select(s => Task.Run(async () =>
        {
            try
            {
                using var response = await client.SendAsync(Keyed("/faculty", s.Body, s.Key));
            }
            catch (HttpRequestException)
            {
                // Killed mid-request: what is left in the database is the point.
            }
            catch (TaskCanceledException)
            {
            }
        })).ToList();

        await using var connection = await OpenDatabaseAsync();
        if (!OnPostgres)
        {
            await connection.ExecuteAsync("PRAGMA busy_timeout = 20000");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM idempotency_claims") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        // The write lock every write transaction of the application takes first (SQLite: BEGIN IMMEDIATE;
        // PostgreSQL: the transaction advisory lock of PostgresDialect).
        await connection.ExecuteAsync(OnPostgres ? "BEGIN; SELECT pg_advisory_xact_lock(4576536301)" : "BEGIN IMMEDIATE");
        process.KillHard();
        var claimed = (await connection.QueryAsync<string>("SELECT key FROM idempotency_claims")).ToHashSet();
        await connection.ExecuteAsync("ROLLBACK");
        await Task.WhenAll(requests);
        return sent.Where(s => claimed.Contains(s.Key)).ToDictionary(s => s.Key, s => s.Value);
    }

    /// <summary>Both answers of one trial: 201 (one of them fresh, the other may be its replay, byte for byte) or
    /// 409 idempotency_key_in_flight. Returns the fresh answer's body.</summary>
    private static async Task<string?> CheckPairAsync(HttpResponseMessage onA, HttpResponseMessage onB, int trial, List<string> problems)
    {
        var answers = new List<(HttpResponseMessage Response, string Body)> { (onA, await onA.Content.ReadAsStringAsync()), (onB, await onB.Content.ReadAsStringAsync()) };
        var fresh = answers.Where(a => a.Response.StatusCode == HttpStatusCode.Created && !a.Response.Headers.Contains("Idempotent-Replayed")).ToList();
        var replays = answers.Where(a => a.Response.StatusCode == HttpStatusCode.Created && a.Response.Headers.Contains("Idempotent-Replayed")).ToList();
        var waits = answers.Where(a => a.Response.StatusCode == HttpStatusCode.Conflict && a.Body.Contains("\"idempotency_key_in_flight\"", StringComparison.Ordinal)
                                       && a.Response.Headers.RetryAfter is not null).ToList();
        if (fresh.Count != 1 || replays.Count + waits.Count != 1)
        {
            problems.Add($"trial {trial}: {string.Join(" | ", answers.Select(a => $"{(int)a.Response.StatusCode} replayed={a.Response.Headers.Contains("Idempotent-Replayed")} {a.Body}"))}");
            return fresh.Count == 1 ? fresh[0].Body : null;
        }

        if (replays.Count == 1 && replays[0].Body != fresh[0].Body)
        {
            problems.Add($"trial {trial}: the replay differs from the first answer");
        }

        return fresh[0].Body;
    }

    /// <summary>After both finished, a retry on either instance is the first answer's replay.</summary>
    private static async Task CheckRetriesReplayAsync(string first, Func<HttpRequestMessage> request, HttpClient a, HttpClient b, int trial, List<string> problems)
    {
        foreach (var (client, instance) in new[] { (a, "A"), (b, "B") })
        {
            using var retry = await client.SendAsync(request());
            var body = await retry.Content.ReadAsStringAsync();
            if (retry.StatusCode != HttpStatusCode.Created || !retry.Headers.Contains("Idempotent-Replayed") || body != first)
            {
                problems.Add($"trial {trial}: retry on {instance}: {(int)retry.StatusCode} {body}");
            }
        }
    }

    /// <summary>Sends both as close together as the machine allows.</summary>
    private static async Task<(HttpResponseMessage A, HttpResponseMessage B)> AtOnceAsync(Func<Task<HttpResponseMessage>> a, Func<Task<HttpResponseMessage>> b)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var onA = Task.Run(async () => { await gate.Task; return await a(); });
        var onB = Task.Run(async () => { await gate.Task; return await b(); });
        gate.SetResult();
        return (await onA, await onB);
    }

    private async Task<Guid> OpenMeetingAsync()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["inPersonCapacity"] = 500;
        return await CreatePublishedMeetingAsync(body);
    }

    private static JsonObject SignUpBody(string email) => new()
    {
        ["fullName"] = Unique("Dr Wang"),
        ["email"] = email,
        ["hospitalName"] = "Ankang Central Hospital",
        ["jobTitle"] = "Attending surgeon",
        ["specialty"] = "Hepatobiliary surgery",
        ["mode"] = "in_person",
    };

    private async Task<long> CountAsync(string sql, object parameters)
    {
        await using var connection = await OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>The key as idempotency_claims stores it.</summary>
    private static string StoredKey(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    private static HttpRequestMessage Keyed(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}

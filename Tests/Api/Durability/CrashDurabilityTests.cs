using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Durability;

/// <summary>Issue 6, item 3: the built Api as a real process, sign-ups from many clients, SIGKILL at a
/// random moment, restart on the same file; five times. Every acknowledged sign-up must be there, the file
/// must pass integrity_check, no meeting may be overbooked, and an unanswered request retried with its
/// Idempotency-Key must end as exactly one registration.
/// <para>Unanswered requests are of three kinds: in flight when the process died (connection reset),
/// refused after it died, and abandoned by a few impatient clients that give up after a few
/// milliseconds. The abandoned ones are usually committed by the server anyway (a queued sign-up runs
/// even if its caller leaves), so their retries exercise the replay path on every run, not only when a
/// kill happens to land between a commit and its answer.</para>
/// <para>A process kill leaves the OS page cache intact, so this test cannot see a missing fsync
/// (synchronous=OFF passes it too); it does see answers sent before the commit, lost batches, a
/// corrupt file, overbooking and retries that are not idempotent.</para></summary>
[NonParallelizable]
public sealed class CrashDurabilityTests
{
    private const int Seed = 20261129;
    private const int Cycles = 5;
    private const int Clients = 16;
    private const int ImpatientClients = 4;
    private const int InPersonCapacity = 25;
    private const string AdminKey = "durability-bootstrap-admin-key";
    private const string ApiKeyHeader = "X-Api-Key";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly List<ApiProcess> _processes = [];
    private string _directory = null!;
    private string _databasePath = null!;

    private sealed record Attempt(string Key, string Email, string Mode, string Json);

    private sealed record Ack(Guid Id, string Email, string Mode, string Status, int? Position);

    private enum Outcome
    {
        Acknowledged,
        InFlight,
        Refused,
        Abandoned,
        Unexpected,
    }

    private sealed class CycleLoad
    {
        public ConcurrentBag<(Attempt Attempt, Ack Ack)> Acks { get; } = [];
        public ConcurrentBag<(Attempt Attempt, Outcome Outcome)> Unanswered { get; } = [];
        public ConcurrentBag<string> Unexpected { get; } = [];
        public int Count(Outcome outcome) => Unanswered.Count(u => u.Outcome == outcome);
    }

    [OneTimeSetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "eventscheduler-durability", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _databasePath = Path.Combine(_directory, "eventscheduler.db");
    }

    [OneTimeTearDown]
    public void KillProcessesAndDeleteFiles()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _processes.Clear();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; it is under the temp directory.
        }
    }

    [Test]
    public async Task SignUps_WhenProcessIsKilledAtRandomMoments_AcknowledgedSurviveRetriesCreateOneAndNothingIsOverbooked()
    {
        var random = new Random(Seed);
        var total = Stopwatch.StartNew();
        var api = await StartAsync();
        var (organiserKey, meetingId) = await CreateMeetingAsync(api);
        TestContext.Progress.WriteLine($"Durability: seed {Seed}, {Clients} clients ({ImpatientClients} impatient), in-person capacity {InPersonCapacity}, db {_databasePath}");

        var acked = new Dictionary<Guid, Ack>();
        var sent = new HashSet<string>(StringComparer.Ordinal);
        var totalAcked = 0;
        var totalReplayed = 0;
        var cyclesKilledInFlight = 0;
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var delay = random.Next(200, 1501);
            var load = await RunLoadUntilKilledAsync(api, meetingId, cycle, delay, random.Next());
            _processes.Remove(api);
            api.Dispose();

            Assert.That(load.Unexpected, Is.Empty, $"cycle {cycle}: answers other than 201 before the kill");
            foreach (var attempt in load.Acks.Select(a => a.Attempt).Concat(load.Unanswered.Select(u => u.Attempt)))
            {
                Assert.That(sent.Add(attempt.Email), Is.True, $"e-mail {attempt.Email} sent twice");
            }

            // The process is dead: the file as it was left must be sound and hold every acknowledged sign-up.
            var stored = CheckFile();
            var lost = load.Acks.Where(a => !stored.Contains(a.Ack.Id)).Select(a => a.Ack.Email).ToList();
            Assert.That(lost, Is.Empty, $"cycle {cycle}: acknowledged sign-ups missing from the file after the kill");

            api = await StartAsync();
            var (replayed, fresh) = await RetryUnansweredAsync(api, meetingId, load, cycle);
            var cycleAcks = load.Acks.Select(a => a.Ack).ToList();
            cycleAcks.AddRange(replayed.Select(r => r.Ack).Concat(fresh));
            foreach (var ack in cycleAcks)
            {
                acked.Add(ack.Id, ack);
            }

            var (inPersonConfirmed, inPersonWaitlisted) = await VerifyAsync(api, organiserKey, meetingId, cycleAcks, acked, sent, cycle);

            totalAcked += load.Acks.Count;
            totalReplayed += replayed.Count;
            if (load.Count(Outcome.InFlight) > 0)
            {
                cyclesKilledInFlight++;
            }

            TestContext.Progress.WriteLine(
                $"Durability cycle {cycle}: kill after {delay} ms; acknowledged {load.Acks.Count}, in flight at kill {load.Count(Outcome.InFlight)}, " +
                $"refused {load.Count(Outcome.Refused)}, abandoned {load.Count(Outcome.Abandoned)}; retries replayed {replayed.Count} " +
                $"({replayed.Count(r => r.First == Outcome.InFlight)} of them in flight at kill), fresh {fresh.Count}; " +
                $"registrations {sent.Count}, in person confirmed {inPersonConfirmed}/{InPersonCapacity} waitlisted {inPersonWaitlisted}; {total.Elapsed.TotalSeconds:F1} s");
        }

        TestContext.Progress.WriteLine($"Durability: {totalAcked} acknowledged, {totalReplayed} replayed retries, {cyclesKilledInFlight}/{Cycles} kills with requests in flight, {total.Elapsed.TotalSeconds:F1} s");
        Assert.Multiple(() =>
        {
            Assert.That(totalAcked, Is.GreaterThan(0), "no sign-up was acknowledged in any cycle: the test checked nothing");
            Assert.That(cyclesKilledInFlight, Is.GreaterThan(0), "no kill landed with requests in flight");
            Assert.That(totalReplayed, Is.GreaterThan(0), "no retry was a replay of a committed sign-up: the idempotency check checked nothing");
        });
    }

    private async Task<ApiProcess> StartAsync()
    {
        var api = await ApiProcess.StartAsync(_databasePath, AdminKey, ReadyTimeout);
        _processes.Add(api);
        return api;
    }

    private static HttpClient Client(ApiProcess api, string? key = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = api.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyHeader, key);
        }

        return client;
    }

    private static async Task<JsonNode> ExpectJsonAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), $"{what}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<(string OrganiserKey, Guid MeetingId)> CreateMeetingAsync(ApiProcess api)
    {
        using var admin = Client(api, AdminKey);
        var key = await ExpectJsonAsync(await admin.PostAsJsonAsync("/api-keys", new { name = "durability organiser", role = "organiser" }),
            HttpStatusCode.Created, "create organiser key");
        var organiserKey = key["key"]!.GetValue<string>();

        using var organiser = Client(api, organiserKey);
        var hospital = await ExpectJsonAsync(await organiser.PostAsJsonAsync("/hospitals",
            new { name = $"Durability Hospital {Guid.NewGuid():N}", city = "Xi'an", province = "Shaanxi", allianceRole = "member" }),
            HttpStatusCode.Created, "create hospital");

        var start = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(0.5);
        var meeting = await ExpectJsonAsync(await organiser.PostAsJsonAsync("/meetings", new JsonObject
        {
            ["title"] = "Crash durability meeting",
            ["series"] = "Northwest Laparoscopic Liver Alliance",
            ["seriesNumber"] = 6,
            ["format"] = "hybrid",
            ["timeZone"] = "Asia/Shanghai",
            ["startsAt"] = new DateTimeOffset(start, TimeSpan.Zero).ToString("O"),
            ["endsAt"] = new DateTimeOffset(start.AddHours(9), TimeSpan.Zero).ToString("O"),
            ["city"] = "Hanzhong",
            ["province"] = "Shaanxi",
            ["venue"] = new JsonObject { ["name"] = "Lecture hall", ["address"] = "Hanzhong, Shaanxi" },
            ["stream"] = new JsonObject { ["platform"] = "Alliance live", ["url"] = "https://live.example.org/durability" },
            ["hostHospitalId"] = hospital["id"]!.GetValue<string>(),
            ["inPersonCapacity"] = InPersonCapacity,
            ["onlineCapacity"] = null,
        }), HttpStatusCode.Created, "create meeting");
        var meetingId = meeting["id"]!.GetValue<Guid>();
        await ExpectJsonAsync(await organiser.PostAsync($"/meetings/{meetingId}/publish", null), HttpStatusCode.OK, "publish meeting");
        return (organiserKey, meetingId);
    }

    private static Attempt NewAttempt(int cycle, int worker, int n, Random random)
    {
        var mode = random.Next(2) == 0 ? "in_person" : "online";
        var email = $"c{cycle}-w{worker}-n{n}@durability.example.cn";
        var json = new JsonObject
        {
            ["fullName"] = $"Dr Durable {cycle}-{worker}-{n}",
            ["email"] = email,
            ["phone"] = "+86 138 0000 0000",
            ["hospitalName"] = "Ankang Central Hospital",
            ["jobTitle"] = "Attending surgeon",
            ["specialty"] = "Hepatobiliary surgery",
            ["mode"] = mode,
        }.ToJsonString();
        return new Attempt(Guid.NewGuid().ToString(), email, mode, json);
    }

    private static HttpRequestMessage SignUpRequest(Guid meetingId, Attempt attempt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/meetings/{meetingId}/registrations")
        {
            Content = new StringContent(attempt.Json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", attempt.Key);
        return request;
    }

    private static Ack ToAck(JsonNode body, Attempt attempt) => new(
        body["id"]!.GetValue<Guid>(),
        attempt.Email,
        body["mode"]!.GetValue<string>(),
        body["status"]!.GetValue<string>(),
        body["waitlistPosition"]?.GetValue<int>());

    /// <summary>Starts the clients, kills the process after <paramref name="delayMs"/> and returns what each request got.</summary>
    private static async Task<CycleLoad> RunLoadUntilKilledAsync(ApiProcess api, Guid meetingId, int cycle, int delayMs, int seed)
    {
        var load = new CycleLoad();
        var stopping = 0;
        var workers = Enumerable.Range(0, Clients).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed + worker);
            var impatient = worker < ImpatientClients;
            using var client = Client(api);
            for (var n = 0; Volatile.Read(ref stopping) == 0; n++)
            {
                var attempt = NewAttempt(cycle, worker, n, random);
                using var timeout = new CancellationTokenSource(impatient ? TimeSpan.FromMilliseconds(random.Next(1, 50)) : RequestTimeout);
                try
                {
                    using var request = SignUpRequest(meetingId, attempt);
                    using var response = await client.SendAsync(request, timeout.Token);
                    var text = await response.Content.ReadAsStringAsync(timeout.Token);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        load.Acks.Add((attempt, ToAck(JsonNode.Parse(text)!, attempt)));
                    }
                    else
                    {
                        load.Unexpected.Add($"{attempt.Email}: {(int)response.StatusCode} {text}");
                    }
                }
                catch (OperationCanceledException) when (impatient && timeout.IsCancellationRequested && Volatile.Read(ref stopping) == 0)
                {
                    load.Unanswered.Add((attempt, Outcome.Abandoned));
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
                {
                    var outcome = Volatile.Read(ref stopping) == 0 ? Outcome.Unexpected
                        : ex is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } ? Outcome.Refused
                        : impatient && timeout.IsCancellationRequested ? Outcome.Abandoned
                        : Outcome.InFlight;
                    if (outcome == Outcome.Unexpected)
                    {
                        load.Unexpected.Add($"{attempt.Email}: {ex.GetType().Name} {ex.Message} before the kill");
                    }

                    load.Unanswered.Add((attempt, outcome));
                }
            }
        })).ToArray();

        await Task.Delay(delayMs);
        Volatile.Write(ref stopping, 1);
        api.KillHard();
        var all = Task.WhenAll(workers);
        var finished = await Task.WhenAny(all, Task.Delay(RequestTimeout + RequestTimeout));
        Assert.That(finished, Is.SameAs(all), "clients did not notice the kill");
        await all;
        return load;
    }

    /// <summary>Opens the dead process's file directly: integrity_check must say ok. Returns the stored registration ids.</summary>
    private HashSet<Guid> CheckFile()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var integrity = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA integrity_check";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                integrity.Add(reader.GetString(0));
            }
        }

        Assert.That(integrity, Is.EqualTo(new[] { "ok" }), "PRAGMA integrity_check after SIGKILL");
        var ids = new HashSet<Guid>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id FROM registrations";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(Guid.Parse(reader.GetString(0)));
            }
        }

        return ids;
    }

    /// <summary>Sends every unanswered request again, same key and body. Each must end in 201: a replay
    /// when the first attempt committed, a fresh sign-up when it did not; never already_registered.</summary>
    private static async Task<(List<(Ack Ack, Outcome First)> Replayed, List<Ack> Fresh)> RetryUnansweredAsync(ApiProcess api, Guid meetingId, CycleLoad load, int cycle)
    {
        var replayed = new ConcurrentBag<(Ack, Outcome)>();
        var fresh = new ConcurrentBag<Ack>();
        var failures = new ConcurrentBag<string>();
        using var client = Client(api);
        await Parallel.ForEachAsync(load.Unanswered, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (unanswered, _) =>
        {
            var attempt = unanswered.Attempt;
            for (var tries = 1; ; tries++)
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                using var request = SignUpRequest(meetingId, attempt);
                using var response = await client.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var ack = ToAck(JsonNode.Parse(text)!, attempt);
                    if (response.Headers.Contains("Idempotent-Replayed"))
                    {
                        replayed.Add((ack, unanswered.Outcome));
                    }
                    else
                    {
                        fresh.Add(ack);
                    }

                    return;
                }

                // Another retry of the same key still running, or the writer busy: wait and send again.
                var transient = response.StatusCode == HttpStatusCode.ServiceUnavailable ||
                                (response.StatusCode == HttpStatusCode.Conflict && text.Contains("idempotency_key_in_flight", StringComparison.Ordinal));
                if (!transient || tries == 20)
                {
                    failures.Add($"{attempt.Email} ({unanswered.Outcome}): {(int)response.StatusCode} {text}");
                    return;
                }

                await Task.Delay(250, CancellationToken.None);
            }
        });

        Assert.That(failures, Is.Empty, $"cycle {cycle}: retries with the same Idempotency-Key and body must answer 201");
        return (replayed.ToList(), fresh.ToList());
    }

    /// <summary>Checks the service's view after the restart. Returns in-person confirmed and waitlisted counts.</summary>
    private static async Task<(int Confirmed, int Waitlisted)> VerifyAsync(ApiProcess api, string organiserKey, Guid meetingId,
        List<Ack> cycleAcks, Dictionary<Guid, Ack> acked, HashSet<string> sent, int cycle)
    {
        using var organiser = Client(api, organiserKey);

        // Every sign-up acknowledged in this cycle (first answers and retries) reads back as it was acknowledged.
        var mismatches = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(cycleAcks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (ack, ct) =>
        {
            using var response = await organiser.GetAsync($"/registrations/{ack.Id}", ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                mismatches.Add($"{ack.Email} {ack.Id}: {(int)response.StatusCode} {text}");
                return;
            }

            var body = JsonNode.Parse(text)!;
            if (body["email"]?.GetValue<string>() != ack.Email || body["status"]!.GetValue<string>() != ack.Status ||
                body["mode"]!.GetValue<string>() != ack.Mode || body["waitlistPosition"]?.GetValue<int>() != ack.Position)
            {
                mismatches.Add($"{ack.Email} {ack.Id}: acknowledged {ack.Status}/{ack.Mode}/{ack.Position}, stored {text}");
            }
        });
        Assert.That(mismatches, Is.Empty, $"cycle {cycle}: acknowledged sign-ups must read back unchanged (no cancellations happen here)");

        // All registrations: one per e-mail sent, every acknowledged id among them, no overbooking, no gaps.
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await ExpectJsonAsync(await organiser.GetAsync($"/meetings/{meetingId}/registrations?limit=200" + (cursor is null ? "" : $"&cursor={cursor}")),
                HttpStatusCode.OK, "list registrations");
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        var byEmail = items.GroupBy(i => i["email"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        var ids = items.Select(i => i["id"]!.GetValue<Guid>()).ToHashSet();
        var inPerson = items.Where(i => i["mode"]!.GetValue<string>() == "in_person").ToList();
        var confirmed = inPerson.Count(i => i["status"]!.GetValue<string>() == "confirmed");
        var waitlistPositions = inPerson.Where(i => i["status"]!.GetValue<string>() == "waitlisted")
            .Select(i => i["waitlistPosition"]?.GetValue<int>()).ToList();
        var summary = await ExpectJsonAsync(await organiser.GetAsync($"/meetings/{meetingId}/registrations/summary"), HttpStatusCode.OK, "summary");
        Assert.Multiple(() =>
        {
            Assert.That(byEmail.Where(e => e.Value != 1).Select(e => $"{e.Key} x{e.Value}"), Is.Empty, $"cycle {cycle}: e-mails registered more than once");
            Assert.That(sent.Where(e => !byEmail.ContainsKey(e)), Is.Empty, $"cycle {cycle}: requests sent (and answered or retried to 201) without a registration");
            Assert.That(items, Has.Count.EqualTo(sent.Count), $"cycle {cycle}: one registration per request sent");
            Assert.That(acked.Keys.Where(id => !ids.Contains(id)), Is.Empty, $"cycle {cycle}: acknowledged ids missing from the list");
            Assert.That(confirmed, Is.LessThanOrEqualTo(InPersonCapacity), $"cycle {cycle}: in-person overbooked");
            Assert.That(confirmed, Is.EqualTo(Math.Min(InPersonCapacity, inPerson.Count)), $"cycle {cycle}: a seat left free while people wait");
            Assert.That(waitlistPositions, Is.EqualTo(Enumerable.Range(1, waitlistPositions.Count).Select(p => (int?)p)),
                $"cycle {cycle}: in-person waiting list positions 1..N in list order, without gaps");
            Assert.That(items.Where(i => i["mode"]!.GetValue<string>() == "online").Select(i => i["status"]!.GetValue<string>()), Is.All.EqualTo("confirmed"),
                $"cycle {cycle}: online is unlimited");
            Assert.That(summary["inPerson"]!["confirmed"]!.GetValue<int>(), Is.EqualTo(confirmed), $"cycle {cycle}: summary agrees with the list");
            Assert.That(summary["inPerson"]!["waitlisted"]!.GetValue<int>(), Is.EqualTo(waitlistPositions.Count), $"cycle {cycle}: summary agrees with the list");
            Assert.That(summary["inPerson"]!["available"]!.GetValue<int>(), Is.EqualTo(InPersonCapacity - confirmed), $"cycle {cycle}: stored counts agree");
        });
        return (confirmed, waitlistPositions.Count);
    }
}

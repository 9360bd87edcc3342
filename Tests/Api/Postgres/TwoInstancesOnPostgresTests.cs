using System.Collections.Concurrent;
using Dapper;
using EventScheduler.Tests.Api.Durability;
using Npgsql;

namespace EventScheduler.Tests.Api.Postgres;

/// <summary>Issue 15, item 3: two real API processes on one PostgreSQL database. Seats are allocated under the
/// write transactions' advisory lock, so the two processes' registration writers (each batching its own requests)
/// never overbook, and waiting-list positions stay one FIFO; and a process killed with SIGKILL under load loses
/// nothing it acknowledged, since an answer is sent only after the commit.</summary>
[NonParallelizable]
public sealed class TwoInstancesOnPostgresTests
{
    private const string AdminKey = "postgres-two-instances-admin-key";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly List<ApiProcess> _processes = [];
    private string _connectionString = null!;

    [SetUp]
    public async Task CreateDatabase() => _connectionString = await PostgresCluster.CreateDatabaseAsync();

    [TearDown]
    public void KillProcesses()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _processes.Clear();
    }

    [Test]
    public async Task SignUps_When400ArriveAtTwoInstancesFor20Seats_ConfirmExactly20AndQueueTheRestInOneOrder()
    {
        var (a, b) = await StartTwoAsync();
        var meetingId = await CreateMeetingAsync(a, inPersonCapacity: 20);
        using var clientA = Client(a);
        using var clientB = Client(b);

        // All at once, alternating between the instances.
        var answers = await Task.WhenAll(Enumerable.Range(0, 400).Select(async i =>
        {
            var response = await (i % 2 == 0 ? clientA : clientB).PostAsJsonAsync($"/meetings/{meetingId}/registrations", SignUpBody($"seat-{i}"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
            return JsonNode.Parse(text)!;
        }));

        var confirmed = answers.Count(r => r["status"]!.GetValue<string>() == "confirmed");
        var positions = answers.Where(r => r["status"]!.GetValue<string>() == "waitlisted").Select(r => r["waitlistPosition"]!.GetValue<int>()).Order().ToList();
        await using var connection = new NpgsqlConnection(_connectionString);
        var stored = (await connection.QueryAsync<(string Status, long Count)>(
            "SELECT status, COUNT(*) FROM registrations WHERE meeting_id = @Id GROUP BY status", new { Id = meetingId.ToString() })).ToDictionary(r => r.Status, r => r.Count);
        Assert.Multiple(() =>
        {
            Assert.That(confirmed, Is.EqualTo(20));
            Assert.That(positions, Is.EqualTo(Enumerable.Range(1, 380).ToList()), "waiting-list positions are 1..380, each once");
            Assert.That(stored.GetValueOrDefault("confirmed"), Is.EqualTo(20));
            Assert.That(stored.GetValueOrDefault("waitlisted"), Is.EqualTo(380));
        });
    }

    [Test]
    public async Task SignUps_WhenOneInstanceIsKilledUnderLoad_KeepEveryAcknowledgedSignUp()
    {
        var (a, b) = await StartTwoAsync();
        var meetingId = await CreateMeetingAsync(a, inPersonCapacity: 100_000);
        var acknowledged = new ConcurrentBag<Guid>();
        var unexpected = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var ackedByA = 0;

        async Task LoadAsync(ApiProcess api, int worker)
        {
            using var client = Client(api);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                HttpResponseMessage response;
                try
                {
                    response = await client.PostAsJsonAsync($"/meetings/{meetingId}/registrations", SignUpBody($"kill-{worker}-{n}"), stop.Token);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                {
                    // The instance was killed (or the test is stopping): no answer, so nothing was promised.
                    if (api.HasExited || stop.IsCancellationRequested)
                    {
                        return;
                    }

                    continue;
                }

                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    unexpected.Add($"{(int)response.StatusCode} {text}");
                    continue;
                }

                acknowledged.Add(JsonNode.Parse(text)!["id"]!.GetValue<Guid>());
                if (api == a)
                {
                    Interlocked.Increment(ref ackedByA);
                }
            }
        }

        var workers = Enumerable.Range(0, 16).Select(w => Task.Run(() => LoadAsync(w % 2 == 0 ? a : b, w))).ToList();
        await WaitForAsync(() => Volatile.Read(ref ackedByA) >= 150, TimeSpan.FromSeconds(120), "150 sign-ups acknowledged by A");
        a.KillHard();
        var atKill = acknowledged.Count;
        await WaitForAsync(() => acknowledged.Count >= atKill + 150, TimeSpan.FromSeconds(120), "150 more sign-ups acknowledged by B after A died");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        await using var connection = new NpgsqlConnection(_connectionString);
        var stored = (await connection.QueryAsync<string>("SELECT id FROM registrations WHERE meeting_id = @Id", new { Id = meetingId.ToString() })).ToHashSet();
        var lost = acknowledged.Where(id => !stored.Contains(id.ToString())).ToList();
        TestContext.Progress.WriteLine($"PostgreSQL kill test: {acknowledged.Count} acknowledged ({atKill} before A was killed), {stored.Count} stored, {lost.Count} lost");
        Assert.Multiple(() =>
        {
            Assert.That(unexpected, Is.Empty, "answers other than 201");
            Assert.That(lost, Is.Empty, "acknowledged sign-ups missing after the kill");
            Assert.That(b.HasExited, Is.False, "B kept serving");
        });
    }

    private async Task<(ApiProcess A, ApiProcess B)> StartTwoAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres",
            ["Database:ConnectionString"] = _connectionString,
        };
        // Started together: the migration lock lets one migrate while the other waits.
        var starting = new[] { ApiProcess.StartAsync("unused.db", AdminKey, ReadyTimeout, settings), ApiProcess.StartAsync("unused.db", AdminKey, ReadyTimeout, settings) };
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            _processes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        return (starting[0].Result, starting[1].Result);
    }

    private static HttpClient Client(ApiProcess api, string? key = null)
    {
        var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private static JsonObject SignUpBody(string name) => new()
    {
        ["fullName"] = $"Dr {name}",
        ["email"] = $"{name}-{Guid.NewGuid():N}@hospital.example.cn",
        ["hospitalName"] = "Ankang Central Hospital",
        ["jobTitle"] = "Attending surgeon",
        ["specialty"] = "Hepatobiliary surgery",
        ["mode"] = "in_person",
    };

    private static async Task<Guid> CreateMeetingAsync(ApiProcess api, int inPersonCapacity)
    {
        using var admin = Client(api, AdminKey);
        var key = await ExpectAsync(await admin.PostAsJsonAsync("/api-keys", new { name = "pg organiser", role = "organiser" }));
        using var organiser = Client(api, key["key"]!.GetValue<string>());
        var hospital = await ExpectAsync(await organiser.PostAsJsonAsync("/hospitals",
            new { name = $"PG Hospital {Guid.NewGuid():N}", city = "Xi'an", province = "Shaanxi", allianceRole = "member" }));
        var start = DateTimeOffset.UtcNow.Date.AddDays(30).AddHours(0.5);
        var meeting = await ExpectAsync(await organiser.PostAsJsonAsync("/meetings", new JsonObject
        {
            ["title"] = "Two instances on PostgreSQL",
            ["format"] = "hybrid",
            ["timeZone"] = "Asia/Shanghai",
            ["startsAt"] = new DateTimeOffset(start, TimeSpan.Zero).ToString("O"),
            ["endsAt"] = new DateTimeOffset(start.AddHours(9), TimeSpan.Zero).ToString("O"),
            ["city"] = "Hanzhong",
            ["province"] = "Shaanxi",
            ["venue"] = new JsonObject { ["name"] = "Lecture hall", ["address"] = "Hanzhong, Shaanxi" },
            ["stream"] = new JsonObject { ["platform"] = "Alliance live", ["url"] = "https://live.example.org/pg" },
            ["hostHospitalId"] = hospital["id"]!.GetValue<string>(),
            ["inPersonCapacity"] = inPersonCapacity,
            ["onlineCapacity"] = null,
        }));
        var id = meeting["id"]!.GetValue<Guid>();
        await ExpectAsync(await organiser.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.OK);
        return id;
    }

    private static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.Created)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        return JsonNode.Parse(text)!;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}

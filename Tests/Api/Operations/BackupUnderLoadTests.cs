using System.Collections.Concurrent;
using System.Diagnostics;
using EventScheduler.Tests.Api.Durability;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Operations;

/// <summary>Issue 16 item 5's "done when": the built Api runs as a real process taking sign-ups from many clients;
/// <c>backup FILE</c> runs meanwhile as a second process on the same database; the copy is verified, and restored (a
/// service started on it) it holds every sign-up acknowledged before the backup began.</summary>
[NonParallelizable]
public sealed class BackupUnderLoadTests
{
    private const string AdminKey = "backup-bootstrap-admin-key";
    private const int Clients = 8;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "eventscheduler-backup", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A process may still be letting go of a file; the temp folder is disposable.
        }
    }

    [Test]
    public async Task Backup_WhileSignUpsArrive_HoldsEverySignUpAcknowledgedBeforeItBeganAndRestores()
    {
        var database = Path.Combine(_directory, "eventscheduler.db");
        var copy = Path.Combine(_directory, "backup.db");
        using var api = await ApiProcess.StartAsync(database, AdminKey, Timeout);
        using var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var meeting = await CreateOpenMeetingAsync(client);

        var acknowledged = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(() => SignUpUntilStoppedAsync(api.BaseAddress, meeting, acknowledged, stop.Token))).ToArray();
        await WaitUntilAsync(() => acknowledged.Count >= 100, "100 acknowledged sign-ups before the backup");

        // Everything acknowledged by now must be in the copy; what is acknowledged while it runs may or may not be.
        var before = acknowledged.ToHashSet();
        var (exit, stdout, stderr) = await ApiProcess.RunVerbAsync(database, Timeout, "backup", copy);
        var duringBackup = acknowledged.Count - before.Count;
        await WaitUntilAsync(() => acknowledged.Count >= before.Count + duringBackup + 20, "sign-ups after the backup (the service kept serving)");
        await stop.CancelAsync();
        var failures = (await Task.WhenAll(load)).SelectMany(f => f).ToList();

        Assert.That(exit, Is.EqualTo(0), $"backup exited {exit}: {stdout}{stderr}");
        Assert.That(stdout.Trim().Split('\n'), Has.Length.EqualTo(1).And.Some.Contains("integrity ok"), stdout);
        Assert.That(failures, Is.Empty, "every sign-up of the load was acknowledged");
        var inCopy = Emails(copy);
        Assert.That(before.Except(inCopy), Is.Empty, $"{before.Count} acknowledged before the backup; the copy has {inCopy.Count}");
        Assert.That(File.Exists(copy + "-wal"), Is.False, "the copy is one self-contained file");

        // Restore: a service started on the copy serves it.
        var restoredPath = Path.Combine(_directory, "restored", "eventscheduler.db");
        Directory.CreateDirectory(Path.GetDirectoryName(restoredPath)!);
        File.Copy(copy, restoredPath);
        using var restored = await ApiProcess.StartAsync(restoredPath, AdminKey, Timeout);
        using var restoredClient = new HttpClient { BaseAddress = restored.BaseAddress };
        restoredClient.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var ready = await restoredClient.GetAsync("/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ready.Content.ReadAsStringAsync());
        var summary = (await restoredClient.GetFromJsonAsync<JsonNode>($"/meetings/{meeting}/registrations/summary"))!;
        Assert.That(summary["online"]!["confirmed"]!.GetValue<int>(), Is.EqualTo(inCopy.Count), "the restored service counts what the copy holds");
    }

    private static HashSet<string> Emails(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.That(check.ExecuteScalar(), Is.EqualTo("ok"));
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT email FROM registrations";
        using var reader = select.ExecuteReader();
        var emails = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            emails.Add(reader.GetString(0));
        }

        return emails;
    }

    private static async Task<List<string>> SignUpUntilStoppedAsync(Uri baseAddress, Guid meeting, ConcurrentQueue<string> acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var failures = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            var email = $"{Guid.NewGuid():N}@hospital.example.cn";
            using var response = await client.PostAsJsonAsync($"/meetings/{meeting}/registrations", new
            {
                fullName = "Dr Zhang Wei", email, hospitalName = "Ankang Central Hospital", jobTitle = "Attending surgeon",
                specialty = "Hepatobiliary surgery", mode = "online",
            }, CancellationToken.None);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                acknowledged.Enqueue(email);
            }
            else
            {
                failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
            }
        }

        return failures;
    }

    private static async Task<Guid> CreateOpenMeetingAsync(HttpClient admin)
    {
        var hospital = await admin.PostAsJsonAsync("/hospitals", new { name = $"Hospital {Guid.NewGuid():N}", city = "Xi'an", province = "Shaanxi", allianceRole = "member" });
        Assert.That(hospital.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hospital.Content.ReadAsStringAsync());
        var start = DateTimeOffset.UtcNow.Date.AddDays(30);
        var created = await admin.PostAsJsonAsync("/meetings", new
        {
            title = $"Backup meeting {Guid.NewGuid():N}", format = "online", timeZone = "Asia/Shanghai",
            startsAt = new DateTimeOffset(start, TimeSpan.Zero), endsAt = new DateTimeOffset(start.AddHours(8), TimeSpan.Zero),
            stream = new { platform = "Alliance live", url = "https://live.example.org/backup" },
            hostHospitalId = (await hospital.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<Guid>(),
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<Guid>();
        var published = await admin.PostAsync($"/meetings/{id}/publish", null);
        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.OK), await published.Content.ReadAsStringAsync());
        return id;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(watch.Elapsed, Is.LessThan(Timeout), $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}

using System.Text;
using Dapper;
using EventScheduler.Api.Storage;
using EventScheduler.Tests.Api.Durability;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Storage;

/// <summary>Issue 11, item 2: a response that fails after it started streaming is aborted, never ended cleanly.
/// The fault is real, as in the adversarial run: a table page of the registrations is overwritten in the file,
/// then a fresh Api process (a cold page cache) serves the export over real HTTP from that file.</summary>
[NonParallelizable]
public sealed class StreamFaultTests
{
    private const int Rows = 3000;
    private const int DamagedRow = 2000;

    private const string InsertSql = """
        INSERT INTO registrations (id, meeting_id, seq, full_name, email, email_normalised, phone, hospital_name, job_title,
            specialty, mode, status, check_in_code, manage_token_hash, created_at, updated_at, version)
        VALUES (@Id, @MeetingId, @Seq, @FullName, @Email, @Email, NULL, 'Ankang Central Hospital', @JobTitle,
            'Hepatobiliary surgery', 'online', 'confirmed', NULL, @Hash, 1700000000000, 1700000000000, 1)
        """;

    private string _path = null!;
    private Guid _meeting;
    private ApiProcess _api = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task DamageARegistrationPage()
    {
        _path = Path.Combine(Path.GetTempPath(), "eventscheduler-tests", $"stream-fault-{Guid.NewGuid():N}.db");
        using (var service = await ServiceOnFile.StartAsync(databasePath: _path))
        {
            _meeting = await service.CreateOpenMeetingAsync();
            var db = service.Factory.Services.GetRequiredService<Database>();
            await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(InsertSql, Enumerable.Range(1, Rows).Select(i => new
            {
                Id = Guid.NewGuid().ToString(),
                MeetingId = _meeting.ToString(),
                Seq = i,
                FullName = $"Zhang Wei {i}",
                Email = $"surgeon{i}@example.cn",
                JobTitle = $"Row marker {i:D5}",
                Hash = new string('0', 64),
            }), tx)), CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        OverwritePageHolding($"Row marker {DamagedRow:D5}");
        _api = await ApiProcess.StartAsync(_path, ApiFactory.AdminKey, TimeSpan.FromSeconds(60));
        _admin = new HttpClient { BaseAddress = _api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _admin.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _admin.Dispose();
        _api.Dispose();
        File.Delete(_path);
    }

    [Test]
    public async Task CsvExport_WhenAPageFailsMidStream_AbortsTheTransferAndLogsTheTraceId()
    {
        using var response = await _admin.GetAsync($"/meetings/{_meeting}/registrations?format=csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the failure comes after the first rows were sent");

        var read = new MemoryStream();
        var failure = Assert.CatchAsync(async () =>
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(read);
        }, "the client's read must fail: a cleanly ended body would look like a complete export");

        Assert.That(failure, Is.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
        var lines = Encoding.UTF8.GetString(read.ToArray()).Split("\r\n");
        Assert.That(lines.Length, Is.GreaterThan(1).And.LessThan(Rows + 1), "part of the export arrived, not all of it");
        await WaitForLogAsync("aborted");
        Assert.That(_api.RecentOutput(), Does.Match("trace id [0-9A-Za-z:]+"), _api.RecentOutput());
    }

    [Test]
    public async Task JsonList_WhenAPageFailsBeforeTheResponseStarted_Returns503Problem()
    {
        using var failing = await PageThroughAsync();

        await ServiceOnFile.ExpectUnavailableAsync(failing, "the page holding the damaged row");
    }

    /// <summary>Follows nextCursor until a page fails; returns that failing response.</summary>
    private async Task<HttpResponseMessage> PageThroughAsync()
    {
        var url = $"/meetings/{_meeting}/registrations?limit=200";
        for (var page = 0; page < Rows / 200 + 1; page++)
        {
            var response = await _admin.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return response;
            }

            var next = (await response.Content.ReadFromJsonAsync<JsonNode>())!["nextCursor"]?.GetValue<string>();
            Assert.That(next, Is.Not.Null, "the last page came back whole although a page of the table is damaged");
            url = $"/meetings/{_meeting}/registrations?limit=200&cursor={Uri.EscapeDataString(next!)}";
        }

        throw new AssertionException("Paged past every row without reaching the damaged page.");
    }

    private async Task WaitForLogAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_api.RecentOutput().Contains(text, StringComparison.Ordinal))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"no log line with '{text}':\n{_api.RecentOutput()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Checkpoints the WAL into the file, then overwrites (with 0xFF) the one page that holds <paramref name="marker"/>:
    /// a b-tree page with an impossible page type, which SQLite reports as SQLITE_CORRUPT when it reads it.</summary>
    private void OverwritePageHolding(string marker)
    {
        int pageSize;
        using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString()))
        {
            c.Open();
            c.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
            pageSize = c.ExecuteScalar<int>("PRAGMA page_size");
        }

        var bytes = File.ReadAllBytes(_path);
        var at = IndexOf(bytes, Encoding.UTF8.GetBytes(marker));
        Assert.That(at, Is.GreaterThan(0), "the marker row is in the file");
        var page = at / pageSize;
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Write);
        file.Seek((long)page * pageSize, SeekOrigin.Begin);
        file.Write(Enumerable.Repeat((byte)0xFF, pageSize).ToArray());
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}

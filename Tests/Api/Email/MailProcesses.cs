using System.Data.Common;
using System.Diagnostics;
using EventScheduler.Tests.Api.Durability;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EventScheduler.Tests.Api.Email;

/// <summary>Real Api processes (<see cref="ApiProcess"/>) on one database (a file in a temp folder of their own, or a
/// fresh PostgreSQL database: <see cref="CreateAsync"/>), for the mail tests that kill a process or run two: the
/// organiser key, a published meeting, sign-ups, and the outbox as the database holds it (read directly, so a dead
/// process's state can be checked).</summary>
public sealed class MailProcesses : IDisposable
{
    private const string AdminKey = "mail-process-bootstrap-admin-key";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly List<ApiProcess> _processes = [];
    private readonly string _directory;
    private readonly string? _postgresConnectionString;
    private string? _organiserKey;

    // Private: every test says which provider it runs on (CreateAsync), so none is SQLite-only by accident.
    private MailProcesses(string? postgresConnectionString)
    {
        _postgresConnectionString = postgresConnectionString;
        _directory = Path.Combine(Path.GetTempPath(), "eventscheduler-mail-processes", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "eventscheduler.db");
    }

    /// <summary>Processes on a new database of <paramref name="provider"/> (<see cref="StorageProviders"/>).</summary>
    public static async Task<MailProcesses> CreateAsync(string provider) =>
        new(provider == StorageProviders.Postgres ? await Postgres.PostgresCluster.CreateDatabaseAsync() : null);

    /// <summary>The SQLite file the processes share (unused on PostgreSQL).</summary>
    public string DatabasePath { get; }

    /// <summary>A folder of its own under the test's directory (e.g. a pickup folder).</summary>
    public string Folder(string name) => Path.Combine(_directory, name);

    /// <summary>The mail settings of the in-process tests, plus a short SMTP timeout so a claim left by a killed
    /// process comes free within seconds (its lease is two timeouts and ten seconds).</summary>
    public static Dictionary<string, string?> SmtpSettings(int port)
    {
        var settings = MailTestBase.SmtpSettings(port);
        settings["Email:Smtp:Timeout"] = "00:00:02";
        return settings;
    }

    public async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var withDatabase = new Dictionary<string, string?>(settings);
        if (_postgresConnectionString is not null)
        {
            withDatabase["Database:Provider"] = StorageProviders.Postgres;
            withDatabase["Database:ConnectionString"] = _postgresConnectionString;
        }

        var api = await ApiProcess.StartAsync(DatabasePath, AdminKey, ReadyTimeout, withDatabase);
        lock (_processes)
        {
            _processes.Add(api);
        }

        return api;
    }

    public static HttpClient Client(ApiProcess api, string? key = null)
    {
        var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    public HttpClient Organiser(ApiProcess api) => Client(api, _organiserKey ?? throw new InvalidOperationException("Create a meeting first."));

    /// <summary>A published hybrid meeting (unlimited online, 1,000 in person) starting at <paramref name="startsAt"/>;
    /// the first call also creates the organiser key.</summary>
    public async Task<Guid> CreateMeetingAsync(ApiProcess api, DateTimeOffset startsAt)
    {
        if (_organiserKey is null)
        {
            using var admin = Client(api, AdminKey);
            var key = await ExpectJsonAsync(await admin.PostAsJsonAsync("/api-keys", new { name = "mail organiser", role = "organiser" }), HttpStatusCode.Created);
            _organiserKey = key["key"]!.GetValue<string>();
        }

        using var organiser = Organiser(api);
        var hospital = await ExpectJsonAsync(await organiser.PostAsJsonAsync("/hospitals",
            new { name = $"Mail Hospital {Guid.NewGuid():N}", city = "Xi'an", province = "Shaanxi", allianceRole = "member" }), HttpStatusCode.Created);
        var meeting = await ExpectJsonAsync(await organiser.PostAsJsonAsync("/meetings", new JsonObject
        {
            ["title"] = "肝胆外科腹腔镜手术演示会",
            ["series"] = "Northwest Laparoscopic Liver Alliance",
            ["seriesNumber"] = 7,
            ["format"] = "hybrid",
            ["timeZone"] = "Asia/Shanghai",
            ["startsAt"] = startsAt.ToString("O"),
            ["endsAt"] = startsAt.AddHours(8).ToString("O"),
            ["city"] = "Hanzhong",
            ["province"] = "Shaanxi",
            ["venue"] = new JsonObject { ["name"] = "Lecture hall", ["address"] = "Hanzhong, Shaanxi" },
            ["stream"] = new JsonObject { ["platform"] = "Alliance live", ["url"] = "https://live.example.org/mail" },
            ["hostHospitalId"] = hospital["id"]!.GetValue<string>(),
            ["inPersonCapacity"] = 1000,
            ["onlineCapacity"] = null,
        }), HttpStatusCode.Created);
        var meetingId = meeting["id"]!.GetValue<Guid>();
        await ExpectJsonAsync(await organiser.PostAsync($"/meetings/{meetingId}/publish", null), HttpStatusCode.OK);
        return meetingId;
    }

    public static async Task<Guid> SignUpAsync(HttpClient client, Guid meetingId, string email, string mode = "online")
    {
        var body = new JsonObject
        {
            ["fullName"] = "王建国",
            ["email"] = email,
            ["phone"] = "+86 138 0000 0000",
            ["hospitalName"] = "安康市中心医院",
            ["jobTitle"] = "主治医师",
            ["specialty"] = "Hepatobiliary surgery",
            ["mode"] = mode,
        };
        var created = await ExpectJsonAsync(await client.PostAsJsonAsync($"/meetings/{meetingId}/registrations", body), HttpStatusCode.Created);
        return created["id"]!.GetValue<Guid>();
    }

    /// <summary>The outbox rows as the database holds them, read on a connection of the test's own.</summary>
    public IReadOnlyList<OutboxRow> Outbox() =>
        Query("SELECT id, kind, registration_id, state, attempts FROM email_outbox ORDER BY id", reader =>
            new OutboxRow(Convert.ToInt64(reader.GetValue(0)), reader.GetString(1), Guid.Parse(reader.GetString(2)), reader.GetString(3),
                Convert.ToInt64(reader.GetValue(4))));

    /// <summary>The outbox rows of <paramref name="registrations"/> (in the process tests, their confirmations).</summary>
    public List<OutboxRow> OutboxOf(IReadOnlyCollection<Guid> registrations) =>
        Outbox().Where(r => registrations.Contains(r.RegistrationId)).ToList();

    /// <summary>How many data-protection keys the shared key ring holds.</summary>
    public long KeyCount() => Query("SELECT COUNT(*) FROM data_protection_keys", reader => Convert.ToInt64(reader.GetValue(0))).Single();

    private List<T> Query<T>(string sql, Func<DbDataReader, T> read)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private DbConnection OpenConnection()
    {
        DbConnection connection = _postgresConnectionString is not null
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgresConnectionString) { Pooling = false }.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="describe"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"Not within {timeout}: {describe()}");
            }

            await Task.Delay(100);
        }
    }

    public static async Task<JsonNode> ExpectJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return JsonNode.Parse(text)!;
    }

    public void Dispose()
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
}

/// <summary>One row of <c>email_outbox</c>, as the test reads it from the database.</summary>
public sealed record OutboxRow(long Id, string Kind, Guid RegistrationId, string State, long Attempts);

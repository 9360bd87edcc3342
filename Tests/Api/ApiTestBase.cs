using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using System.Text;

namespace EventScheduler.Tests.Api;

/// <summary>One application and one database per fixture (a SQLite file, or a fresh PostgreSQL database when the
/// fixture runs with <see cref="StorageProviders.Postgres"/>: see <see cref="StorageProviders.Both"/>); tests create
/// their own uniquely named data so they never depend on each other.</summary>
public abstract class ApiTestBase
{
    protected ApiTestBase()
        : this(StorageProviders.Default)
    {
    }

    /// <param name="provider"><see cref="StorageProviders.Sqlite"/> or <see cref="StorageProviders.Postgres"/>.</param>
    protected ApiTestBase(string provider) => Provider = provider;

    /// <summary>The storage provider this fixture runs on.</summary>
    protected string Provider { get; }

    protected bool OnPostgres => Provider == StorageProviders.Postgres;

    protected ApiFactory Factory { get; private set; } = null!;
    protected HttpClient Admin { get; private set; } = null!;
    protected HttpClient Anonymous { get; private set; } = null!;
    protected HttpClient Organiser { get; private set; } = null!;

    /// <summary>Extra configuration for the fixture's application.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>More service registrations for the fixture's application (e.g. a log capture, an in-memory exporter).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    [OneTimeSetUp]
    public async Task StartApplication()
    {
        var connectionString = OnPostgres ? await Postgres.PostgresCluster.CreateDatabaseAsync() : null;
        Factory = new ApiFactory(Settings, postgresConnectionString: connectionString) { ConfigureTestServices = ConfigureServices };
        ConfigureFactory(Factory);
        Admin = Factory.ClientWithKey(ApiFactory.AdminKey);
        Anonymous = Factory.ClientWithKey(null);
        Organiser = Factory.ClientWithKey(await CreateKeyAsync("organiser"));
    }

    /// <summary>Before the application starts (e.g. the browser tests put it on Kestrel on a loopback port).</summary>
    protected virtual void ConfigureFactory(ApiFactory factory)
    {
    }

    [OneTimeTearDown]
    public void StopApplication()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        Organiser.Dispose();
        Factory.Dispose();
    }

    [TearDown]
    public void ResetClock() => Factory.Clock.Reset();

    /// <summary>Reads the fixture's database directly (either provider), through the application's own <c>Database</c>.</summary>
    protected Task<List<T>> QueryDatabaseAsync<T>(string sql, object? parameters = null) =>
        Factory.Services.GetRequiredService<EventScheduler.Api.Storage.Database>().ReadAsync(async c =>
            (await Dapper.SqlMapper.QueryAsync<T>(c, sql, parameters)).ToList(), CancellationToken.None);

    protected static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    protected async Task<string> CreateKeyAsync(string role, Guid? hospitalId = null)
    {
        var response = await Admin.PostAsJsonAsync("/api-keys", new { name = Unique(role), role, hospitalId });
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["key"]!.GetValue<string>();
    }

    protected async Task<HttpClient> ClientForRoleAsync(string role, Guid? hospitalId = null) =>
        Factory.ClientWithKey(await CreateKeyAsync(role, hospitalId));

    protected static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new AssertionException("Empty body");

    /// <summary>Asserts the status, showing the body when it differs (the problem says why).</summary>
    protected static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"Expected {(int)status} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Asserts a problem+json response with the given status and code; returns the body.</summary>
    protected static async Task<JsonNode> ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        await Expect(response, status);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["code"]?.GetValue<string>(), Is.EqualTo(code), body.ToJsonString());
            Assert.That(body["status"]?.GetValue<int>(), Is.EqualTo((int)status));
            Assert.That(body["type"]?.GetValue<string>(), Is.Not.Null);
            Assert.That(body["title"]?.GetValue<string>(), Is.Not.Null);
        });
        return body;
    }

    protected static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    protected static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is string raw)
        {
            request.Content = RawJson(raw);
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return client.SendAsync(request);
    }

    // ---- data builders with sensible defaults; every name is unique per call ----

    protected async Task<Guid> CreateHospitalAsync(string? province = null, string role = "member", string? name = null)
    {
        var response = await Organiser.PostAsJsonAsync("/hospitals",
            new { name = name ?? Unique("Hospital"), city = "Xi'an", province = province ?? "Shaanxi", allianceRole = role });
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    protected async Task<Guid> CreateFacultyAsync(Guid? hospitalId = null, string? name = null)
    {
        var hospital = hospitalId ?? await CreateHospitalAsync();
        var response = await Organiser.PostAsJsonAsync("/faculty",
            new { fullName = name ?? Unique("Dr"), title = "Professor", hospitalId = hospital, specialty = "Hepatobiliary surgery" });
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    /// <summary>A valid hybrid meeting body starting <paramref name="startsInDays"/> from the test clock's now.</summary>
    protected JsonObject MeetingBody(Guid hostHospitalId, int startsInDays = 30, string? city = "Hanzhong", string? series = null)
    {
        var start = Factory.Clock.GetUtcNow().Date.AddDays(startsInDays).AddHours(0.5); // 08:30 in Shanghai
        return new JsonObject
        {
            ["title"] = Unique("Livestreaming Surgery Meeting"),
            ["series"] = series ?? "Northwest Laparoscopic Liver Alliance",
            ["seriesNumber"] = 2,
            ["format"] = "hybrid",
            ["timeZone"] = "Asia/Shanghai",
            ["startsAt"] = new DateTimeOffset(start, TimeSpan.Zero).ToString("O"),
            ["endsAt"] = new DateTimeOffset(start.AddHours(9), TimeSpan.Zero).ToString("O"),
            ["city"] = city,
            ["province"] = "Shaanxi",
            ["venue"] = new JsonObject { ["name"] = "Hanzhong 3201 Hospital lecture hall", ["address"] = "Hanzhong, Shaanxi" },
            ["stream"] = new JsonObject { ["platform"] = "Alliance live", ["url"] = "https://live.example.org/hanzhong" },
            ["hostHospitalId"] = hostHospitalId.ToString(),
            ["inPersonCapacity"] = 120,
            ["onlineCapacity"] = null,
        };
    }

    protected async Task<JsonNode> CreateMeetingAsync(JsonObject? body = null)
    {
        body ??= MeetingBody(await CreateHospitalAsync());
        var response = await Organiser.PostAsJsonAsync("/meetings", body);
        await Expect(response, HttpStatusCode.Created);
        return await Json(response);
    }

    protected async Task<Guid> CreatePublishedMeetingAsync(JsonObject? body = null)
    {
        var id = (await CreateMeetingAsync(body))["id"]!.GetValue<Guid>();
        await Expect(await Organiser.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.OK);
        return id;
    }
}

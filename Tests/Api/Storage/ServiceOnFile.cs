using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Storage;

/// <summary>One service on a database file the test then damages (deletes, replaces, fills, locks): a fresh
/// application per test, with the few builders those tests need.</summary>
public sealed class ServiceOnFile : IDisposable
{
    private ServiceOnFile(ApiFactory factory)
    {
        Factory = factory;
        Admin = factory.ClientWithKey(ApiFactory.AdminKey);
        Anonymous = factory.ClientWithKey(null);
    }

    public ApiFactory Factory { get; }
    public HttpClient Admin { get; }
    public HttpClient Anonymous { get; }
    public string DatabasePath => Factory.DatabasePath;

    /// <summary>Starts the service (migrations run on the first client) on <paramref name="databasePath"/> or a new temporary file.</summary>
    public static async Task<ServiceOnFile> StartAsync(IDictionary<string, string?>? settings = null, string? databasePath = null)
    {
        var service = new ServiceOnFile(new ApiFactory(settings, databasePath) { KeepDatabase = databasePath is not null });
        var health = await service.Anonymous.GetAsync("/health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), await health.Content.ReadAsStringAsync());
        return service;
    }

    public Task<HttpResponseMessage> PostHospitalAsync(string? name = null) =>
        Admin.PostAsJsonAsync("/hospitals", new { name = name ?? $"Hospital {Guid.NewGuid():N}", city = "Xi'an", province = "Shaanxi", allianceRole = "member" });

    public async Task<Guid> CreateHospitalAsync()
    {
        var response = await PostHospitalAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<Guid>();
    }

    /// <summary>A published online meeting open for sign-ups.</summary>
    public async Task<Guid> CreateOpenMeetingAsync()
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(30);
        var created = await Admin.PostAsJsonAsync("/meetings", new
        {
            title = $"Fault meeting {Guid.NewGuid():N}",
            format = "online",
            timeZone = "Asia/Shanghai",
            startsAt = new DateTimeOffset(start, TimeSpan.Zero),
            endsAt = new DateTimeOffset(start.AddHours(8), TimeSpan.Zero),
            stream = new { platform = "Alliance live", url = "https://live.example.org/fault" },
            hostHospitalId = await CreateHospitalAsync(),
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<Guid>();
        var published = await Admin.PostAsync($"/meetings/{id}/publish", null);
        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.OK), await published.Content.ReadAsStringAsync());
        return id;
    }

    public Task<HttpResponseMessage> SignUpAsync(Guid meetingId) =>
        Anonymous.PostAsJsonAsync($"/meetings/{meetingId}/registrations", new
        {
            fullName = "Dr Zhang Wei",
            email = $"{Guid.NewGuid():N}@hospital.example.cn",
            hospitalName = "Ankang Central Hospital",
            jobTitle = "Attending surgeon",
            specialty = "Hepatobiliary surgery",
            mode = "online",
        });

    public Task<HttpResponseMessage> RenameMeetingAsync(Guid meetingId) =>
        Admin.PatchAsync($"/meetings/{meetingId}", JsonContent.Create(new { title = $"Renamed {Guid.NewGuid():N}" }));

    /// <summary>A connection of the test's own (not pooled, no limits): an outside process's view of the file.</summary>
    public SqliteConnection OutsideConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Asserts 503 problem+json <c>unavailable</c> with a Retry-After of at least one second; returns the body.</summary>
    public static async Task<JsonNode> ExpectUnavailableAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), $"{what}: {text}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), what);
        var body = JsonNode.Parse(text)!;
        Assert.That(body["code"]!.GetValue<string>(), Is.EqualTo("unavailable"), what);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)), $"{what}: Retry-After");
        return body;
    }

    public void Dispose()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        Factory.Dispose();
    }
}

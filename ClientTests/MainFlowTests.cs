using EventScheduler.Client;
using EventScheduler.Client.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace EventScheduler.ClientTests;

/// <summary>The main flow through a client generated from the OpenAPI document by a standard
/// generator (Kiota): if the generated client cannot express a step, the contract is wrong.</summary>
public sealed class MainFlowTests
{
    private const string AdminKey = "client-tests-admin-key";
    private ServiceFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new ServiceFactory();

    [OneTimeTearDown]
    public void Stop() => _factory.Dispose();

    private EventSchedulerClient ClientFor(string? apiKey)
    {
        var http = _factory.CreateClient();
        if (apiKey is not null)
        {
            // Kiota's ApiKeyAuthenticationProvider insists on https; the in-memory test server is http.
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return new EventSchedulerClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        });
    }

    [Test]
    public async Task MainFlow_CreateAndPublishMeeting_ThroughTheGeneratedClient()
    {
        var admin = ClientFor(AdminKey);
        var key = await admin.ApiKeys.PostAsync(new ApiKeysCreateRequest { Name = "client flow organiser", Role = ApiRole.Organiser });
        var organiser = ClientFor(key!.Key);

        var hospital = await organiser.Hospitals.PostAsync(new HospitalsCreateRequest
        {
            Name = "Hanzhong 3201 Hospital " + Guid.NewGuid().ToString("N")[..6],
            City = "Hanzhong",
            Province = "Shaanxi",
            AllianceRole = AllianceRole.Member,
        });
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(30), TimeSpan.Zero).AddHours(0.5);
        var draft = await organiser.Meetings.PostAsync(new MeetingsCreateRequest
        {
            Title = "Livestreaming Surgery Meeting",
            Format = MeetingFormat.Hybrid,
            TimeZone = "Asia/Shanghai",
            StartsAt = start,
            EndsAt = start.AddHours(9),
            City = "Hanzhong",
            Province = "Shaanxi",
            Venue = new VenueDto { Name = "Lecture hall", Address = "Hanzhong" },
            Stream = new StreamDto { Platform = "Alliance live", Url = "https://live.example.org/hanzhong" },
            HostHospitalId = hospital!.Id,
            InPersonCapacity = 120,
        });

        var published = await organiser.Meetings[draft!.Id!.Value].Publish.PostAsync();
        var publicView = await ClientFor(null).Meetings[draft.Id.Value].GetAsync();
        var feed = await organiser.Changes.GetAsync(c => c.QueryParameters.After = "0");

        Assert.Multiple(() =>
        {
            Assert.That(draft.Status, Is.EqualTo(MeetingStatus.Draft));
            Assert.That(published!.Status, Is.EqualTo(MeetingStatus.Published));
            Assert.That(publicView!.Title, Is.EqualTo("Livestreaming Surgery Meeting"));
            Assert.That(publicView.Stream, Is.Null, "the public never sees the stream");
            Assert.That(publicView.StartsAt!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(8)), "times are in the meeting's zone");
            Assert.That(feed!.Items!.Where(i => i.EntityId == draft.Id.Value.ToString()).Select(i => i.Type),
                Is.EqualTo(new[] { "meeting.created", "meeting.published" }));
        });
        // Remaining main-flow steps (register, check in) arrive with the registration endpoints.
    }

    [Test]
    public void Errors_AreProblemDetailsWithAStableCode()
    {
        var anonymous = ClientFor(null);

        var missing = Assert.ThrowsAsync<Problem>(async () => await anonymous.Meetings[Guid.NewGuid()].GetAsync());
        var unauthorized = Assert.ThrowsAsync<Problem>(async () => await anonymous.Hospitals.PostAsync(new HospitalsCreateRequest
        {
            Name = "x", City = "x", Province = "x", AllianceRole = AllianceRole.Member,
        }));

        Assert.Multiple(() =>
        {
            Assert.That(missing!.Code, Is.EqualTo("not_found"));
            Assert.That(missing.ResponseStatusCode, Is.EqualTo(404));
            Assert.That(unauthorized!.Code, Is.EqualTo("unauthorized"));
        });
    }

    /// <summary>The service on its own temporary database, with a bootstrap admin key.</summary>
    private sealed class ServiceFactory : WebApplicationFactory<Program>
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), "eventscheduler-client-tests", $"{Guid.NewGuid():N}.db");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Path", _path);
            builder.UseSetting("Auth:BootstrapAdminKey", AdminKey);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_path + suffix);
            }
        }
    }
}

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
                Is.EqualTo(new[] { ChangeEvent_type.MeetingCreated, ChangeEvent_type.MeetingPublished }));
        });
    }

    [Test]
    public async Task MainFlow_ProgrammeRegistrationAndCheckIn_ThroughTheGeneratedClient()
    {
        var admin = ClientFor(AdminKey);
        var organiser = ClientFor((await admin.ApiKeys.PostAsync(new ApiKeysCreateRequest { Name = "flow organiser", Role = ApiRole.Organiser }))!.Key);
        var desk = ClientFor((await admin.ApiKeys.PostAsync(new ApiKeysCreateRequest { Name = "front desk", Role = ApiRole.Check_in }))!.Key);
        var anonymous = ClientFor(null);

        var hospital = await organiser.Hospitals.PostAsync(new HospitalsCreateRequest
        {
            Name = "Hanzhong Central Hospital " + Guid.NewGuid().ToString("N")[..6],
            City = "Hanzhong",
            Province = "Shaanxi",
            AllianceRole = AllianceRole.Member,
        });
        var surgeon = await organiser.Faculty.PostAsync(new FacultyCreateRequest
        {
            FullName = "Prof. Li Wei", Title = "Chief surgeon", HospitalId = hospital!.Id, Specialty = "Hepatobiliary surgery",
        });
        var meeting = await CreateMeetingAsync(organiser, hospital.Id!.Value, inPersonCapacity: 50);
        var slot = await organiser.Meetings[meeting].Slots.PostAsync(new ProgrammeCreateSlotRequest
        {
            Kind = SlotKind.Surgery_demo,
            Title = "Live case",
            StartsAt = MeetingStart.AddHours(1),
            EndsAt = MeetingStart.AddHours(2),
            Channel = "main",
            Procedure = "Laparoscopic right hepatectomy",
            Approach = SurgicalApproach.Laparoscopic,
            OperatingSurgeons = [new OperatingSurgeonDto { FacultyId = surgeon!.Id, Role = SurgeonRole.Lead }],
            OriginHospitalId = hospital.Id,
            ConsentRecorded = true,
            ConsentReference = "CF-2021-0923-01",
        });
        await organiser.Meetings[meeting].Publish.PostAsync();

        var programme = await anonymous.Meetings[meeting].Programme.GetAsync();
        // Kiota does not generate typed header parameters; the contract declares Idempotency-Key and
        // X-Registration-Token, and Kiota's request configuration is its way of sending them.
        var idempotencyKey = Guid.NewGuid().ToString();
        var signUp = new RegistrationsCreateRequest
        {
            FullName = "Zhang Min", Email = "zhang.min@example.org", HospitalName = "Chenggu County Hospital",
            JobTitle = "Attending surgeon", Specialty = "General surgery", Mode = AttendanceMode.In_person,
        };
        var registration = await anonymous.Meetings[meeting].Registrations.PostAsync(signUp, c => c.Headers.Add("Idempotency-Key", idempotencyKey));
        var replayed = await anonymous.Meetings[meeting].Registrations.PostAsync(signUp, c => c.Headers.Add("Idempotency-Key", idempotencyKey));
        var own = await anonymous.Registrations[registration!.Id!.Value].GetAsync(c => c.Headers.Add("X-Registration-Token", registration.ManageToken!));
        var roster = await organiser.Meetings[meeting].Registrations.GetAsync(c => c.QueryParameters.Mode = AttendanceMode.In_person);
        var checkedIn = await desk.Meetings[meeting].CheckIns.PostAsync(new RegistrationsCheckInRequest { Code = registration.CheckInCode });
        var again = Assert.ThrowsAsync<Problem>(async () =>
            await desk.Meetings[meeting].CheckIns.PostAsync(new RegistrationsCheckInRequest { Code = registration.CheckInCode }));

        Assert.Multiple(() =>
        {
            Assert.That(slot!.Kind, Is.EqualTo(SlotKind.Surgery_demo));
            Assert.That(programme!.Slots!.Select(s => s.Id), Is.EqualTo(new[] { slot.Id }));
            Assert.That(programme.Slots![0].Procedure, Is.EqualTo("Laparoscopic right hepatectomy"));
            Assert.That(programme.Slots[0].OperatingSurgeons!.Select(p => p.FullName), Is.EqualTo(new[] { "Prof. Li Wei" }));
            Assert.That(registration.Status, Is.EqualTo(RegistrationStatus.Confirmed));
            Assert.That(registration.Mode, Is.EqualTo(AttendanceMode.In_person));
            Assert.That(registration.WaitlistPosition, Is.Null);
            Assert.That(registration.ManageToken, Is.Not.Null.And.Not.Empty, "the sign-up response carries the manage token");
            Assert.That(registration.CheckInCode, Is.Not.Null.And.Not.Empty);
            Assert.That(replayed!.Id, Is.EqualTo(registration.Id), "the Idempotency-Key replays the first sign-up");
            Assert.That(own!.Id, Is.EqualTo(registration.Id));
            // The token is shown once: the read's schema (RegistrationResponse) has no manageToken at all.
            Assert.That(typeof(RegistrationResponse).GetProperty("ManageToken"), Is.Null, "the token is shown once");
            Assert.That(own.Email, Is.Null, "the attendee view echoes no contact details");
            Assert.That(roster!.Items!.Select(r => (r.Id, r.Email)), Is.EqualTo(new[] { (registration.Id, "zhang.min@example.org") }), "staff see contact details");
            Assert.That(checkedIn!.RegistrationId, Is.EqualTo(registration.Id));
            Assert.That(checkedIn.Mode, Is.EqualTo(AttendanceMode.In_person));
            Assert.That(checkedIn.CheckedInAt!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(8)));
            Assert.That(again!.ResponseStatusCode, Is.EqualTo(409));
            Assert.That(again.Code, Is.EqualTo(Problem_code.Already_checked_in));
            Assert.That(again.CheckedInAt, Is.Not.Null, "the catalogue types the members of each code");
        });
    }

    [Test]
    public async Task Waitlist_WhenInPersonSeatsAreGone_ThroughTheGeneratedClient()
    {
        var admin = ClientFor(AdminKey);
        var hospital = await admin.Hospitals.PostAsync(new HospitalsCreateRequest
        {
            Name = "Mianxian Hospital " + Guid.NewGuid().ToString("N")[..6], City = "Hanzhong", Province = "Shaanxi", AllianceRole = AllianceRole.Member,
        });
        var meeting = await CreateMeetingAsync(admin, hospital!.Id!.Value, inPersonCapacity: 1);
        await admin.Meetings[meeting].Publish.PostAsync();
        var anonymous = ClientFor(null);

        RegistrationsCreateRequest Attendee(string name) => new()
        {
            FullName = name, Email = $"{Guid.NewGuid():N}@example.org", HospitalId = hospital.Id,
            JobTitle = "Resident", Specialty = "General surgery", Mode = AttendanceMode.In_person,
        };
        var seated = await anonymous.Meetings[meeting].Registrations.PostAsync(Attendee("Wang Fang"));
        var waiting = await anonymous.Meetings[meeting].Registrations.PostAsync(Attendee("Chen Jie"));
        var own = await anonymous.Registrations[waiting!.Id!.Value].GetAsync(c => c.Headers.Add("X-Registration-Token", waiting.ManageToken!));

        Assert.Multiple(() =>
        {
            Assert.That(seated!.Status, Is.EqualTo(RegistrationStatus.Confirmed));
            Assert.That(waiting.Status, Is.EqualTo(RegistrationStatus.Waitlisted));
            Assert.That(waiting.WaitlistPosition, Is.EqualTo(1));
            Assert.That(waiting.CheckInCode, Is.Null, "no code without a seat");
            Assert.That(own!.WaitlistPosition, Is.EqualTo(1));
        });
    }

    private static readonly DateTimeOffset MeetingStart = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(30), TimeSpan.Zero).AddHours(0.5);

    private static async Task<Guid> CreateMeetingAsync(EventSchedulerClient client, Guid hospitalId, int inPersonCapacity)
    {
        var meeting = await client.Meetings.PostAsync(new MeetingsCreateRequest
        {
            Title = "Livestreaming Surgery Meeting",
            Format = MeetingFormat.Hybrid,
            TimeZone = "Asia/Shanghai",
            StartsAt = MeetingStart,
            EndsAt = MeetingStart.AddHours(9),
            City = "Hanzhong",
            Province = "Shaanxi",
            Venue = new VenueDto { Name = "Lecture hall", Address = "Hanzhong" },
            Stream = new StreamDto { Platform = "Alliance live", Url = "https://live.example.org/hanzhong" },
            HostHospitalId = hospitalId,
            InPersonCapacity = inPersonCapacity,
        });
        return meeting!.Id!.Value;
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
            Assert.That(missing!.Code, Is.EqualTo(Problem_code.Not_found));
            Assert.That(missing.ResponseStatusCode, Is.EqualTo(404));
            Assert.That(unauthorized!.Code, Is.EqualTo(Problem_code.Unauthorized));
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

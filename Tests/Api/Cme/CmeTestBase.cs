using EventScheduler.Tests.Api.Registrations;

namespace EventScheduler.Tests.Api.Cme;

/// <summary>A CME meeting: hybrid, 08:30-17:30 Shanghai time 30 days from the test clock's today, with a
/// morning lecture (08:30-12:00), a lunch break (12:00-13:00) and an afternoon discussion (13:00-17:00).</summary>
public abstract class CmeTestBase : RegistrationTestBase
{
    protected HttpClient Door { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateDoorKey() => Door = await ClientForRoleAsync("check_in");

    [OneTimeTearDown]
    public void DisposeDoorKey() => Door.Dispose();

    protected sealed record CmeMeeting(Guid Id, DateTimeOffset Start, Guid Morning, Guid Lunch, Guid Afternoon, Guid HostHospital);

    protected async Task<CmeMeeting> CreateCmeMeetingAsync(int minimumPercent = 40, Guid? hostHospital = null)
    {
        var host = hostHospital ?? await CreateHospitalAsync();
        var body = MeetingBody(host);
        body["inPersonCapacity"] = 100;
        var id = (await CreateMeetingAsync(body))["id"]!.GetValue<Guid>();
        var start = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var morning = await SlotAsync(id, "lecture", "Key points of laparoscopic liver surgery", start, start.AddHours(3.5));
        var lunch = await SlotAsync(id, "break", "Lunch", start.AddHours(3.5), start.AddHours(4.5));
        var afternoon = await SlotAsync(id, "discussion", "Case review and discussion", start.AddHours(4.5), start.AddHours(8.5));
        await Expect(await Organiser.PutAsJsonAsync($"/meetings/{id}/accreditation", AccreditationBody(minimumPercent)), HttpStatusCode.OK);
        await Expect(await Organiser.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.OK);
        return new CmeMeeting(id, start, morning, lunch, afternoon, host);
    }

    protected static object AccreditationBody(int minimumPercent = 40, decimal creditsPerHour = 1m) => new
    {
        accreditingBody = "Shaanxi Provincial CME Committee",
        projectNumber = "2021-04-07-118 (省)",
        creditType = "class_i",
        creditsPerHour,
        maxCredits = 6m,
        roundingStep = 0.25m,
        minimumAttendancePercent = minimumPercent,
    };

    private async Task<Guid> SlotAsync(Guid meeting, string kind, string title, DateTimeOffset from, DateTimeOffset to)
    {
        var response = await Organiser.PostAsJsonAsync($"/meetings/{meeting}/slots",
            new { kind, title, startsAt = from.ToString("O"), endsAt = to.ToString("O") });
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    /// <summary>Moves the test clock so that "now" is <paramref name="instant"/>.</summary>
    protected void SetNow(DateTimeOffset instant) => Factory.Clock.Advance(instant - Factory.Clock.GetUtcNow());

    protected async Task<JsonNode> SignUpPersonAsync(Guid meeting, string mode, string? name = null, Guid? hospitalId = null, HttpClient? client = null)
    {
        var body = SignUpBody(mode, hospitalId: hospitalId);
        if (name is not null)
        {
            body["fullName"] = name;
        }

        var response = await PostSignUpAsync(client ?? Anonymous, meeting, body);
        await Expect(response, HttpStatusCode.Created);
        return await Json(response);
    }

    protected Task<HttpResponseMessage> CheckInAsync(Guid meeting, JsonNode registration) =>
        Door.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = registration["checkInCode"]!.GetValue<string>() });

    protected Task<HttpResponseMessage> ScanAsync(Guid meeting, JsonNode registration, string direction, Guid? slotId = null) =>
        Door.PostAsJsonAsync($"/meetings/{meeting}/attendance/scans",
            new { code = registration["checkInCode"]!.GetValue<string>(), direction, slotId });

    protected Task<HttpResponseMessage> HeartbeatAsync(JsonNode registration, string? token = null) =>
        WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(registration)}/attendance/heartbeats", token ?? Token(registration));

    protected async Task<JsonNode> AttendanceAsync(Guid meeting, HttpClient? client = null)
    {
        var response = await (client ?? Organiser).GetAsync($"/meetings/{meeting}/attendance?limit=200");
        await Expect(response, HttpStatusCode.OK);
        return await Json(response);
    }

    protected static JsonNode ItemOf(JsonNode attendance, JsonNode registration) =>
        attendance["items"]!.AsArray().Single(i => i!["registrationId"]!.GetValue<Guid>() == Id(registration))!;
}

namespace EventScheduler.Tests.Api.Programme;

/// <summary>Builders for programme tests: a meeting (08:30 Shanghai, 9 hours) and slots placed by minutes from its start.</summary>
public abstract class ProgrammeTestBase : ApiTestBase
{
    protected ProgrammeTestBase()
    {
    }

    protected ProgrammeTestBase(string provider)
        : base(provider)
    {
    }

    protected sealed record TestMeeting(Guid Id, DateTimeOffset StartsAt, Guid HostHospitalId);

    protected async Task<TestMeeting> NewMeetingAsync(bool publish = false, int startsInDays = 30)
    {
        var hospital = await CreateHospitalAsync();
        var body = MeetingBody(hospital, startsInDays);
        var id = publish ? await CreatePublishedMeetingAsync(body) : (await CreateMeetingAsync(body))["id"]!.GetValue<Guid>();
        return new TestMeeting(id, DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), hospital);
    }

    protected static string At(TestMeeting m, double minutes) => m.StartsAt.AddMinutes(minutes).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    protected static JsonObject Lecture(TestMeeting m, double from, double to, Guid? speaker = null, string channel = "main") => new()
    {
        ["kind"] = "lecture",
        ["title"] = "Key points of laparoscopic liver surgery",
        ["startsAt"] = At(m, from),
        ["endsAt"] = At(m, to),
        ["channel"] = channel,
        ["speakerIds"] = speaker is null ? new JsonArray() : new JsonArray(speaker.Value.ToString()),
    };

    protected static JsonObject Case(TestMeeting m, double from, double to, Guid lead, Guid hospital, Guid? assistant = null, string channel = "main", bool consent = true)
    {
        var surgeons = new JsonArray(new JsonObject { ["facultyId"] = lead.ToString(), ["role"] = "lead" });
        if (assistant is { } a)
        {
            surgeons.Add(new JsonObject { ["facultyId"] = a.ToString(), ["role"] = "assistant" });
        }

        return new JsonObject
        {
            ["kind"] = "surgery_demo",
            ["title"] = "Live case",
            ["startsAt"] = At(m, from),
            ["endsAt"] = At(m, to),
            ["channel"] = channel,
            ["procedure"] = "Laparoscopic right hepatectomy with right portal vein thrombectomy, suture and reconstruction",
            ["approach"] = "laparoscopic",
            ["operatingSurgeons"] = surgeons,
            ["originHospitalId"] = hospital.ToString(),
            ["consentRecorded"] = consent,
            ["consentReference"] = consent ? "CF-2021-0923-01" : null,
        };
    }

    protected Task<HttpResponseMessage> PostSlotAsync(Guid meetingId, JsonObject body, HttpClient? client = null) =>
        (client ?? Organiser).PostAsJsonAsync($"/meetings/{meetingId}/slots", body);

    protected async Task<Guid> CreateSlotAsync(Guid meetingId, JsonObject body)
    {
        var response = await PostSlotAsync(meetingId, body);
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    protected Task<HttpResponseMessage> SetStatusAsync(Guid meetingId, Guid slotId, string status, string? expectedStartAt = null, string? note = null) =>
        Organiser.PostAsJsonAsync($"/meetings/{meetingId}/slots/{slotId}/status", new { status, expectedStartAt, note });
}

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Builders shared by the registration tests.</summary>
public abstract class RegistrationTestBase : ApiTestBase
{
    protected RegistrationTestBase()
    {
    }

    protected RegistrationTestBase(string provider)
        : base(provider)
    {
    }

    protected const string TokenHeader = "X-Registration-Token";

    protected static JsonObject SignUpBody(string mode = "in_person", string? email = null, string? name = null, Guid? hospitalId = null) => new()
    {
        ["fullName"] = name ?? Unique("Dr Wang"),
        ["email"] = email ?? $"{Guid.NewGuid():N}@hospital.example.cn",
        ["phone"] = "+86 138 0000 0000",
        ["hospitalName"] = hospitalId is null ? "Ankang Central Hospital" : null,
        ["hospitalId"] = hospitalId?.ToString(),
        ["jobTitle"] = "Attending surgeon",
        ["specialty"] = "Hepatobiliary surgery",
        ["mode"] = mode,
    };

    /// <summary>A published hybrid meeting whose registration window is open now.</summary>
    protected async Task<Guid> CreateOpenMeetingAsync(int? inPerson = 20, int? online = null, string format = "hybrid")
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["format"] = format;
        body["inPersonCapacity"] = inPerson;
        body["onlineCapacity"] = online;
        if (format == "online")
        {
            body["inPersonCapacity"] = null;
        }

        if (format == "in_person")
        {
            body["onlineCapacity"] = null;
        }

        return await CreatePublishedMeetingAsync(body);
    }

    protected static Task<HttpResponseMessage> PostSignUpAsync(HttpClient client, Guid meetingId, JsonObject body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/meetings/{meetingId}/registrations") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    protected async Task<JsonNode> SignUpAsync(Guid meetingId, string mode = "in_person", string? email = null, HttpClient? client = null)
    {
        var response = await PostSignUpAsync(client ?? Anonymous, meetingId, SignUpBody(mode, email));
        await Expect(response, HttpStatusCode.Created);
        return await Json(response);
    }

    protected Task<HttpResponseMessage> WithTokenAsync(HttpMethod method, string url, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Add(TokenHeader, token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return Anonymous.SendAsync(request);
    }

    protected static string Token(JsonNode registration) => registration["manageToken"]!.GetValue<string>();

    protected static Guid Id(JsonNode registration) => registration["id"]!.GetValue<Guid>();

    protected static string Status(JsonNode registration) => registration["status"]!.GetValue<string>();

    protected static int? Position(JsonNode registration) => registration["waitlistPosition"]?.GetValue<int>();

    protected async Task<JsonNode> GetAsOrganiserAsync(Guid registrationId)
    {
        var response = await Organiser.GetAsync($"/registrations/{registrationId}");
        await Expect(response, HttpStatusCode.OK);
        return await Json(response);
    }

    protected async Task<List<JsonNode>> ListAllAsync(Guid meetingId, string query = "", int limit = 200)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var url = $"/meetings/{meetingId}/registrations?limit={limit}{query}" + (cursor is null ? "" : $"&cursor={cursor}");
            var response = await Organiser.GetAsync(url);
            await Expect(response, HttpStatusCode.OK);
            var page = await Json(response);
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }
}

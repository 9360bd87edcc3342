using System.Text;
using CsCheck;
using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Fuzz;

/// <summary>Generated bodies and query strings for every writing endpoint: wrong types, huge, empty and
/// odd unicode strings, nulls, extra fields, deep nesting, broken JSON. Nothing may answer 5xx, every
/// 4xx is problem+json, and a rejected request changes nothing in the database.
/// CI runs FUZZ_ITERATIONS (default 300) per endpoint; set it higher for a long run.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class FuzzTests : ApiTestBase
{
    public FuzzTests(string provider)
        : base(provider)
    {
    }

    // No deliveries leave the process while fuzzing; loopback destinations are allowed so valid bodies pass.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:Enabled"] = "false",
        ["Webhooks:AllowPrivateDestinations"] = "true",
    };

    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), out var n) ? n : 300;

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Const(""),
        Gen.Const(" "),
        Gen.String[0, 40],
        Gen.Char["ab中文名字😀\u0000\u202e\"\\\n"].Array[0, 30].Select(c => new string(c)),
        Gen.Const("\ud800"),
        Gen.Const(new string('x', 5_000)),
        Gen.Const(new string('名', 30_000)),
        Gen.Const("2021-09-23T08:30:00+08:00"),
        Gen.Const("chair"),
        Gen.Const("in_person"),
        Gen.Const("00000000-0000-0000-0000-000000000000"),
        Gen.Guid.Select(g => g.ToString()),
        Gen.Const("=cmd|' /C calc'!A0"));

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Const<JsonNode?>(JsonValue.Create(-1)),
        Gen.Const<JsonNode?>(JsonValue.Create(0)),
        Text.Select(s => (JsonNode?)JsonValue.Create(s)));

    private static Gen<JsonNode?> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, Value(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
            (1, Gen.Select(Text.Array[0, 4], Value(depth - 1).Array[4], (keys, values) =>
            {
                var o = new JsonObject();
                for (var i = 0; i < keys.Length; i++)
                {
                    o[keys[i].Length > 100 ? keys[i][..100] : keys[i]] = values[i]?.DeepClone();
                }

                return (JsonNode?)o;
            })));

    private sealed record Target(string Method, string Url, JsonObject Valid);

    /// <summary>A body derived from a valid one: one field replaced, extra fields, the whole body
    /// replaced, deep nesting, or bytes that are not JSON at all.</summary>
    private static Gen<string> Bodies(JsonObject valid)
    {
        var keys = valid.Select(p => p.Key).ToArray();
        return Gen.Frequency(
            (5, Gen.Select(Gen.Int[0, Math.Max(0, keys.Length - 1)], Value(2), (i, v) =>
            {
                var o = (JsonObject)valid.DeepClone();
                if (keys.Length > 0)
                {
                    o[keys[i]] = v?.DeepClone();
                }

                return o.ToJsonString();
            })),
            (2, Gen.Select(Text, Value(2), (k, v) =>
            {
                var o = (JsonObject)valid.DeepClone();
                o[k.Length > 100 ? k[..100] : k] = v?.DeepClone();
                return o.ToJsonString();
            })),
            (2, Value(3).Select(v => v?.ToJsonString() ?? "null")),
            (1, Gen.Int[10, 2_000].Select(d => new string('[', d) + new string(']', d))),
            (1, Gen.String[0, 200]),
            (1, Gen.Int[0, keys.Length].Select(cut => "{" + string.Join(",", keys.Take(cut).Select(k => $"\"{k}\":")))));
    }

    private async Task<long> FingerprintAsync()
    {
        var db = Factory.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync(CancellationToken.None);
        var tables = await c.QueryAsync<string>(OnPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'api_keys'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'api_keys'");
        long total = 0;
        foreach (var table in tables)
        {
            // Row counts plus the change log's last sequence: any committed write moves one of them.
            total = (total * 31) + await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
        }

        return (total * 31) + await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) FROM changes");
    }

    private async Task<IReadOnlyList<Target>> TargetsAsync()
    {
        var hospital = await CreateHospitalAsync();
        var faculty = await CreateFacultyAsync(hospital);
        var draft = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();
        var published = await CreatePublishedMeetingAsync();
        var start = DateTimeOffset.Parse((await Json(await Organiser.GetAsync($"/meetings/{published}")))["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Lecture(int offsetHours) => new()
        {
            ["kind"] = "lecture",
            ["title"] = "Key points of laparoscopic liver surgery",
            ["startsAt"] = start.AddHours(offsetHours).ToString("O"),
            ["endsAt"] = start.AddHours(offsetHours + 1).ToString("O"),
            ["channel"] = "main",
            ["speakerIds"] = new JsonArray(faculty.ToString()),
        };
        var slotResponse = await Organiser.PostAsJsonAsync($"/meetings/{published}/slots", Lecture(0));
        await Expect(slotResponse, HttpStatusCode.Created);
        var slot = (await Json(slotResponse))["id"]!.GetValue<Guid>();
        var signUp = new JsonObject
        {
            ["fullName"] = "Wang Fang",
            ["email"] = "wang.fang@hospital.example.cn",
            ["phone"] = "+86 138 0000 0000",
            ["hospitalId"] = hospital.ToString(),
            ["jobTitle"] = "Attending surgeon",
            ["specialty"] = "Hepatobiliary surgery",
            ["mode"] = "in_person",
        };
        var registration = await Organiser.PostAsJsonAsync($"/meetings/{published}/registrations", signUp);
        await Expect(registration, HttpStatusCode.Created);
        var registrationId = (await Json(registration))["id"]!.GetValue<Guid>();
        var hospitalBody = new JsonObject { ["name"] = "Fuzz hospital", ["city"] = "Xi'an", ["province"] = "Shaanxi", ["allianceRole"] = "member" };
        var facultyBody = new JsonObject { ["fullName"] = "Li Yu", ["title"] = "Professor", ["hospitalId"] = hospital.ToString(), ["specialty"] = "HPB" };
        return
        [
            new("POST", "/hospitals", hospitalBody),
            new("PUT", $"/hospitals/{hospital}", hospitalBody),
            new("POST", "/faculty", facultyBody),
            new("PUT", $"/faculty/{faculty}", facultyBody),
            new("POST", "/meetings", MeetingBody(hospital)),
            new("PATCH", $"/meetings/{draft}", new JsonObject { ["title"] = "x", ["startsAt"] = "2030-01-01T08:00:00+08:00", ["inPersonCapacity"] = 5, ["venue"] = new JsonObject { ["name"] = "Hall" } }),
            new("POST", $"/meetings/{published}/slots", Lecture(2)),
            new("PATCH", $"/meetings/{published}/slots/{slot}", new JsonObject { ["title"] = "Renamed", ["endsAt"] = start.AddHours(1.5).ToString("O") }),
            new("POST", $"/meetings/{published}/slots/{slot}/status", new JsonObject { ["status"] = "delayed", ["expectedStartAt"] = start.AddMinutes(20).ToString("O"), ["note"] = "Theatre turnover" }),
            new("POST", $"/meetings/{published}/registrations", signUp),
            new("POST", $"/registrations/{registrationId}/switch-mode", new JsonObject { ["mode"] = "online" }),
            new("POST", $"/meetings/{published}/check-ins", new JsonObject { ["code"] = "ABCDEFGHJK" }),
            new("POST", $"/registrations/{registrationId}/cancel", new JsonObject()),
            new("POST", $"/meetings/{published}/cancel", new JsonObject { ["reason"] = "Typhoon" }),
            new("POST", "/api-keys", new JsonObject { ["name"] = "k", ["role"] = "integration", ["hospitalId"] = hospital.ToString() }),
            new("POST", "/webhooks", new JsonObject { ["url"] = "http://127.0.0.1:9/hooks", ["eventTypes"] = new JsonArray("meeting.*") }),
        ];
    }

    [Test]
    public async Task WritingEndpoints_WhenBodiesAreGenerated_NeverFailServerSideAndRejectCleanly()
    {
        var failures = new List<string>();
        foreach (var target in await TargetsAsync())
        {
            var client = target.Url.StartsWith("/api-keys", StringComparison.Ordinal) || target.Url.StartsWith("/webhooks", StringComparison.Ordinal) ? Admin : Organiser;
            await Bodies(target.Valid).SampleAsync(async body =>
            {
                var before = await FingerprintAsync();
                using var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Url)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var problem = Describe(target, body, status, response, status >= 400 && status < 500 ? await FingerprintAsync() != before : false);
                if (problem is not null)
                {
                    lock (failures)
                    {
                        failures.Add(problem);
                    }
                }
            }, iter: Iterations, threads: 1);
        }

        Assert.That(failures.Take(20), Is.Empty);
    }

    [Test]
    public async Task ListEndpoints_WhenQueryStringsAreGenerated_NeverFailServerSide()
    {
        var failures = new List<string>();
        var lists = new[] { ("/hospitals", new[] { "province", "role", "limit", "cursor" }), ("/faculty", new[] { "hospitalId", "limit", "cursor" }),
            ("/meetings", new[] { "status", "city", "province", "series", "from", "to", "limit", "cursor" }), ("/api-keys", new[] { "limit", "cursor" }),
            ("/changes", new[] { "after", "entity", "limit" }), ("/webhooks", new[] { "limit", "cursor" }),
            ($"/meetings/{await CreatePublishedMeetingAsync()}/registrations", new[] { "mode", "status", "hospitalId", "q", "limit", "cursor", "format" }) };
        foreach (var (path, names) in lists)
        {
            var query = Gen.Select(Gen.Int[0, names.Length - 1].Array[1, 4], Text.Array[4], (picks, values) =>
                string.Join("&", picks.Select((p, i) => $"{names[p]}={Uri.EscapeDataString(values[i].Length > 2000 ? values[i][..2000] : values[i])}")));
            await query.SampleAsync(async q =>
            {
                using var response = await Admin.GetAsync($"{path}?{q}");
                var status = (int)response.StatusCode;
                if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    lock (failures)
                    {
                        failures.Add($"GET {path}?{q} -> {status}");
                    }
                }
            }, iter: Iterations, threads: 1);
        }

        Assert.That(failures.Take(20), Is.Empty);
    }

    private static string? Describe(Target target, string body, int status, HttpResponseMessage response, bool changedOnReject)
    {
        var shortBody = body.Length > 200 ? body[..200] + "..." : body;
        if (status >= 500)
        {
            return $"{target.Method} {target.Url} -> {status} for {shortBody}";
        }

        if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{target.Method} {target.Url} -> {status} without problem+json for {shortBody}";
        }

        return changedOnReject ? $"{target.Method} {target.Url} -> {status} but the database changed, for {shortBody}" : null;
    }
}

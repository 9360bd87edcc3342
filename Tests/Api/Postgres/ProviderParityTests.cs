using System.Globalization;
using System.Text.RegularExpressions;

namespace EventScheduler.Tests.Api.Postgres;

/// <summary>Issue 15: both providers give the same API. One scripted flow (keys, hospital, faculty, a meeting with
/// its programme, sign-ups up to a waiting list, the organiser's views, the change feed, and failures) runs against
/// the service on SQLite and on PostgreSQL; the transcripts (status, and body byte for byte) must be identical once
/// what is random or "now" by nature is replaced by placeholders: ids (numbered in order of appearance), keys and
/// tokens, trace ids, and instants of the run itself.</summary>
public sealed partial class ProviderParityTests
{
    private static readonly string[] RandomFields = ["key", "manageToken", "checkInCode", "traceId", "keyPrefix", "secret"];

    [Test]
    public async Task ScriptedFlow_OnSqliteAndPostgres_GivesIdenticalResponses()
    {
        var sqlite = await RunAsync(postgresConnectionString: null);
        var postgres = await RunAsync(await PostgresCluster.CreateDatabaseAsync());

        Assert.That(sqlite.Count, Is.GreaterThan(20), "the flow ran");
        for (var i = 0; i < Math.Min(sqlite.Count, postgres.Count); i++)
        {
            Assert.That(postgres[i], Is.EqualTo(sqlite[i]), $"response {i + 1} differs");
        }

        Assert.That(postgres, Has.Count.EqualTo(sqlite.Count));
    }

    private static async Task<List<string>> RunAsync(string? postgresConnectionString)
    {
        using var factory = new ApiFactory(postgresConnectionString: postgresConnectionString);
        using var admin = factory.ClientWithKey(ApiFactory.AdminKey);
        using var anonymous = factory.ClientWithKey(null);
        var transcript = new List<string>();

        async Task<JsonNode?> Send(HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            transcript.Add($"{method} {url} -> {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}\n{text}");
            return text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null;
        }

        var organiserKey = (await Send(admin, HttpMethod.Post, "/api-keys", new { name = "Parity office", role = "organiser" }))!["key"]!.GetValue<string>();
        using var organiser = factory.ClientWithKey(organiserKey);
        var hospital = (await Send(organiser, HttpMethod.Post, "/hospitals",
            new { name = "Parity Central Hospital", city = "Baoji", province = "Shaanxi", allianceRole = "member" }))!["id"]!.GetValue<string>();
        await Send(organiser, HttpMethod.Post, "/hospitals", new { name = "parity central hospital", city = "Baoji", province = "Shaanxi", allianceRole = "member" });
        await Send(organiser, HttpMethod.Post, "/hospitals", new { name = "", city = "Baoji", province = "Shaanxi", allianceRole = "nobody" });
        var faculty = (await Send(organiser, HttpMethod.Post, "/faculty",
            new { fullName = "Wang Jianguo", title = "Director", hospitalId = hospital, specialty = "Hepatobiliary surgery" }))!["id"]!.GetValue<string>();
        var meeting = (await Send(organiser, HttpMethod.Post, "/meetings", new JsonObject
        {
            ["title"] = "Parity meeting", ["series"] = "Parity series", ["seriesNumber"] = 1, ["format"] = "hybrid", ["timeZone"] = "Asia/Shanghai",
            ["startsAt"] = "2031-03-01T08:30:00+08:00", ["endsAt"] = "2031-03-01T17:30:00+08:00", ["city"] = "Baoji", ["province"] = "Shaanxi",
            ["venue"] = new JsonObject { ["name"] = "Lecture hall", ["address"] = "Baoji, Shaanxi" },
            ["stream"] = new JsonObject { ["platform"] = "Alliance live", ["url"] = "https://live.example.org/parity" },
            ["hostHospitalId"] = hospital, ["chairIds"] = new JsonArray(faculty), ["inPersonCapacity"] = 2, ["onlineCapacity"] = null,
        }))!["id"]!.GetValue<string>();
        await Send(organiser, HttpMethod.Post, $"/meetings/{meeting}/publish");
        await Send(anonymous, HttpMethod.Get, "/meetings");
        await Send(anonymous, HttpMethod.Get, "/meetings?city=BAOJI");
        await Send(anonymous, HttpMethod.Get, $"/meetings/{meeting}");
        await Send(organiser, HttpMethod.Get, $"/meetings/{meeting}");
        await Send(organiser, HttpMethod.Patch, $"/meetings/{meeting}", new { inPersonCapacity = 3 }, ifMatch: "\"0\"");
        await Send(organiser, HttpMethod.Patch, $"/meetings/{meeting}", new { title = "Parity meeting (moved hall)" });
        var slot = (await Send(organiser, HttpMethod.Post, $"/meetings/{meeting}/slots", new
        {
            kind = "surgery_demo", title = "Laparoscopic left hepatectomy", startsAt = "2031-03-01T10:30:00+08:00", endsAt = "2031-03-01T12:00:00+08:00",
            procedure = "Laparoscopic left hepatectomy", approach = "laparoscopic", operatingSurgeons = new[] { new { facultyId = faculty, role = "lead" } },
            originHospitalId = hospital, consentRecorded = true, consentReference = "CF-01",
        }))!["id"]!.GetValue<string>();
        await Send(organiser, HttpMethod.Post, $"/meetings/{meeting}/slots", new
        {
            kind = "lecture", title = "Overlapping lecture", startsAt = "2031-03-01T11:00:00+08:00", endsAt = "2031-03-01T11:30:00+08:00",
            speakerIds = new[] { faculty },
        });
        await Send(organiser, HttpMethod.Post, $"/meetings/{meeting}/slots/{slot}/status",
            new { status = "delayed", expectedStartAt = "2031-03-01T10:45:00+08:00", note = "Theatre turnover" });
        await Send(anonymous, HttpMethod.Get, $"/meetings/{meeting}/programme");
        await Send(anonymous, HttpMethod.Get, $"/meetings/{meeting}/calendar.ics");
        string? firstToken = null;
        string? firstId = null;
        foreach (var (name, mode) in new[] { ("Zhang Wei", "in_person"), ("Li Na", "in_person"), ("Chen Jie", "in_person"), ("Wu Fang", "online"), ("Zhao Lei", "in_person") })
        {
            var created = await Send(anonymous, HttpMethod.Post, $"/meetings/{meeting}/registrations", new
            {
                fullName = name, email = $"{name.Replace(' ', '.').ToLowerInvariant()}@example.cn", hospitalName = "Ankang Central Hospital",
                jobTitle = "Attending surgeon", specialty = "Hepatobiliary surgery", mode,
            });
            firstToken ??= created!["manageToken"]!.GetValue<string>();
            firstId ??= created!["id"]!.GetValue<string>();
        }

        await Send(anonymous, HttpMethod.Post, $"/meetings/{meeting}/registrations", new
        {
            fullName = "Zhang Wei", email = "ZHANG.wei@example.cn", hospitalName = "Ankang", jobTitle = "Attending surgeon", specialty = "HPB", mode = "online",
        });
        using (var self = factory.ClientWithKey(null))
        {
            self.DefaultRequestHeaders.Add("X-Registration-Token", firstToken);
            await Send(self, HttpMethod.Get, $"/registrations/{firstId}");
            await Send(self, HttpMethod.Post, $"/registrations/{firstId}/cancel");
        }

        await Send(organiser, HttpMethod.Get, $"/meetings/{meeting}/registrations");
        await Send(organiser, HttpMethod.Get, $"/meetings/{meeting}/registrations?q=ANKANG%20CENTRAL");
        await Send(organiser, HttpMethod.Get, $"/meetings/{meeting}/registrations/summary");
        await Send(organiser, HttpMethod.Get, "/changes?limit=100");
        await Send(organiser, HttpMethod.Delete, $"/hospitals/{hospital}");
        await Send(organiser, HttpMethod.Post, $"/meetings/{meeting}/cancel", new { reason = "Parity check over" });
        await Send(anonymous, HttpMethod.Get, $"/meetings/{meeting}/programme");
        await Send(organiser, HttpMethod.Get, $"/meetings/{meeting}/registrations/summary");
        return Normalise(transcript);
    }

    /// <summary>Ids become &lt;id1&gt;, &lt;id2&gt;... in order of first appearance; random fields and instants of the run
    /// (within a day of now: the flow's own instants are in 2031) become placeholders.</summary>
    private static List<string> Normalise(List<string> transcript)
    {
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var now = DateTimeOffset.UtcNow;
        return transcript.Select(entry =>
        {
            var text = GuidPattern().Replace(entry, m => ids.TryGetValue(m.Value, out var p) ? p : ids[m.Value] = $"<id{ids.Count + 1}>");
            foreach (var field in RandomFields)
            {
                text = Regex.Replace(text, $"\"{field}\":\"[^\"]*\"", $"\"{field}\":\"<{field}>\"");
            }

            text = InstantPattern().Replace(text, m =>
                DateTimeOffset.TryParse(m.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && (at - now).Duration() < TimeSpan.FromDays(1)
                    ? "<now>"
                    : m.Value);
            // iCalendar stamps of the run (DTSTAMP:20261202T061500Z).
            return IcsStampPattern().Replace(text, "$1<now>");
        }).ToList();
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex InstantPattern();

    [GeneratedRegex(@"((?:DTSTAMP|LAST-MODIFIED|CREATED)[^:\r\n]*:)\d{8}T\d{6}Z?")]
    private static partial Regex IcsStampPattern();
}

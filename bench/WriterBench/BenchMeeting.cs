using System.Net.Http.Json;
using System.Text.Json;

namespace EventScheduler.WriterBench;

/// <summary>A hospital and a published meeting with room for everyone, made over HTTP as an organiser would.</summary>
public static class BenchMeeting
{
    public static async Task<Guid> CreateAsync(Uri address, string adminKey)
    {
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        var hospital = await PostAsync(http, "/hospitals", new { name = "Bench Hospital", city = "Xian", province = "Shaanxi", allianceRole = "chair" });
        var day = DateTime.UtcNow.Date.AddDays(300).ToString("yyyy-MM-dd");
        var today = DateTime.UtcNow.Date.ToString("yyyy-MM-dd");
        var meeting = await PostAsync(http, "/meetings", new
        {
            title = "Bench meeting", series = "Bench", seriesNumber = 1, format = "hybrid", timeZone = "Asia/Shanghai",
            startsAt = $"{day}T08:00:00+08:00", endsAt = $"{day}T18:00:00+08:00", city = "Hanzhong", province = "Shaanxi",
            venue = new { name = "Hall", address = "Hanzhong" }, stream = new { platform = "webcast", url = "https://stream.example.org/x" },
            hostHospitalId = hospital, inPersonCapacity = 1_000_000, onlineCapacity = (int?)null,
            registrationOpensAt = $"{today}T00:00:00+08:00", registrationClosesAt = $"{day}T07:00:00+08:00",
        });
        (await http.PostAsJsonAsync($"/meetings/{meeting}/publish", new { })).EnsureSuccessStatusCode();
        return meeting;
    }

    private static async Task<Guid> PostAsync(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}

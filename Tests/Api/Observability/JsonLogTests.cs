using System.Diagnostics;
using System.Text.Json;
using EventScheduler.Tests.Api.Durability;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Observability;

/// <summary><c>Logging:Format=json</c> on the real process: its console is one JSON object per line, and the line of a
/// failed request carries the same W3C trace id as the problem body the client got.</summary>
[NonParallelizable]
public sealed class JsonLogTests
{
    private const string AdminKey = "json-log-bootstrap-admin-key";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "eventscheduler-jsonlog", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A process may still be letting go of a file; the temp folder is disposable.
        }
    }

    [Test]
    public async Task Logs_WhenFormatIsJson_AreJsonLinesCarryingTheProblemsTraceId()
    {
        using var api = await ApiProcess.StartAsync(Path.Combine(_directory, "eventscheduler.db"), AdminKey, Timeout,
            new Dictionary<string, string?> { ["Logging:Format"] = "json", ["Logging:LogLevel:Default"] = "Information" });
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        using var response = await client.GetAsync($"/meetings/{Guid.NewGuid()}");
        var traceId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["traceId"]!.GetValue<string>();

        var line = await LineWithTraceIdAsync(api, traceId);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(404));
            Assert.That(traceId, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(line["Category"]!.GetValue<string>(), Is.EqualTo("EventScheduler.Api.Observability.RequestLog"));
            Assert.That(line["State"]!["HttpResponseStatusCode"]!.ToString(), Is.EqualTo("404"));
            Assert.That(line["Timestamp"]!.GetValue<string>(), Does.EndWith("Z"));
        });
    }

    /// <summary>Every line of the console must parse as JSON; the one naming the trace id is returned.</summary>
    private static async Task<JsonNode> LineWithTraceIdAsync(ApiProcess api, string traceId)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = api.AllOutput().Where(l => l.Length > 0).ToList();
            foreach (var text in lines)
            {
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    Assert.Fail($"Not a JSON line: {text}");
                    throw;
                }

                var scopes = node!["Scopes"]?.AsArray() ?? [];
                if (scopes.Any(s => s is JsonObject o && o["TraceId"]?.GetValue<string>() == traceId))
                {
                    return node;
                }
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                Assert.Fail($"No log line with trace id {traceId}:\n{string.Join('\n', lines.TakeLast(20))}");
            }

            await Task.Delay(50);
        }
    }
}

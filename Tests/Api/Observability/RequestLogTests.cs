using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventScheduler.Tests.Api.Observability;

/// <summary>The request line's level follows the answer: a refused or failed request is logged at the default level
/// (Information) so that its trace id can be found from a user's report, an answered one only at Debug, where it
/// costs nothing unless asked for.</summary>
public sealed class RequestLogTests : ApiTestBase
{
    private const string Category = "EventScheduler.Api.Observability.RequestLog";
    private readonly CapturedLog _log = new();

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(_log);

    [Test]
    public async Task RequestLine_WhenTheAnswerIsRefused_IsWrittenAtInformation()
    {
        var problem = await ExpectProblem(await Anonymous.GetAsync($"/meetings/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        var traceId = problem["traceId"]!.GetValue<string>();

        var line = await _log.WaitForAsync(e => e.Category == Category && e.Scopes.GetValueOrDefault("TraceId") == traceId, "the 404's line");

        Assert.Multiple(() =>
        {
            Assert.That(line.Level, Is.EqualTo(LogLevel.Information));
            Assert.That(line.State["HttpResponseStatusCode"], Is.EqualTo("404"));
            Assert.That(line.State["HttpRoute"], Is.EqualTo("/meetings/{id}"));
        });
    }

    [Test]
    public async Task RequestLine_WhenTheAnswerIsASuccess_IsNotWrittenAtTheDefaultLevel()
    {
        using var ok = await Anonymous.GetAsync("/health/live");
        await Expect(ok, HttpStatusCode.OK);
        var problem = await ExpectProblem(await Anonymous.GetAsync($"/meetings/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        var traceId = problem["traceId"]!.GetValue<string>();
        // Lines are written as each request ends: once the later, refused request's line is there, the earlier
        // success's would be too.
        await _log.WaitForAsync(e => e.Category == Category && e.Scopes.GetValueOrDefault("TraceId") == traceId, "the 404's line");

        Assert.That(_log.Entries.Where(e => e.Category == Category && e.State.GetValueOrDefault("HttpRoute") == "/health/live"), Is.Empty);
    }

    [TestCase(200, LogLevel.Debug)]
    [TestCase(304, LogLevel.Debug)]
    [TestCase(400, LogLevel.Information)]
    [TestCase(429, LogLevel.Information)]
    [TestCase(500, LogLevel.Warning)]
    [TestCase(503, LogLevel.Warning)]
    public void LevelFor_GivenAStatus_IsTheLineLevel(int status, LogLevel expected) =>
        Assert.That(EventScheduler.Api.Observability.RequestLog.LevelFor(status), Is.EqualTo(expected));
}

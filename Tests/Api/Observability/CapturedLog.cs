using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EventScheduler.Tests.Api.Observability;

/// <summary>One log entry as a log shipper would get it from the JSON console formatter: category, level, event,
/// the formatted message, every structured value of the state, every scope (the trace and span ids among them) and
/// the exception text.</summary>
public sealed record CapturedEntry(string Category, LogLevel Level, string EventName, string Message, IReadOnlyDictionary<string, string?> State,
    IReadOnlyDictionary<string, string?> Scopes, string? Exception)
{
    public string ToJson() => JsonSerializer.Serialize(this);
}

/// <summary>A logger provider that keeps every entry of the application, at every level its filters let through.</summary>
public sealed class CapturedLog : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedEntry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedEntry> Entries => _entries.ToArray();

    /// <summary>The whole log as text (one JSON object per entry), for scanning.</summary>
    public string Text => string.Join('\n', _entries.Select(e => e.ToJson()));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The first entry that matches, once it has been written (a request's own line may follow its answer).</summary>
    public async Task<CapturedEntry> WaitForAsync(Func<CapturedEntry, bool> match, string what)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var found = _entries.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"Never logged: {what}.");
            }

            await Task.Delay(20);
        }
    }

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static Dictionary<string, string?> Pairs(object? values, Dictionary<string, string?> into, string? prefix = null)
    {
        if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                into[(prefix ?? "") + key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        else if (values is not null)
        {
            into[(prefix ?? "") + "scope" + into.Count] = values.ToString();
        }

        return into;
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => log._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new Dictionary<string, string?>(StringComparer.Ordinal);
            log._scopes.ForEachScope((scope, into) => Pairs(scope, into), scopes);
            log._entries.Enqueue(new CapturedEntry(category, logLevel, eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                formatter(state, exception), Pairs(state, new Dictionary<string, string?>(StringComparer.Ordinal)), scopes, exception?.ToString()));
        }
    }
}

using Microsoft.Extensions.Logging.Abstractions;

namespace EventScheduler.WriterBench;

/// <summary>Collects the registration writer's per-batch Debug line ("Committed a batch of {Count} registration
/// commands in {Elapsed} ms (commit {Commit} ms)") from its structured state, not its text.</summary>
public sealed class BatchLog : ILoggerProvider, ILogger
{
    private readonly Lock _gate = new();
    private long _commands, _batches;
    private double _applyMs, _commitMs;

    public ILogger CreateLogger(string categoryName) => categoryName == "EventScheduler.Api.Storage.RegistrationWriter" ? this : NullLogger.Instance;

    public void Reset()
    {
        lock (_gate)
        {
            (_commands, _batches, _applyMs, _commitMs) = (0, 0, 0, 0);
        }
    }

    public (long Commands, long Batches, double ApplyMs, double CommitMs) Totals()
    {
        lock (_gate)
        {
            return (_commands, _batches, _applyMs, _commitMs);
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        var v = values.ToDictionary(p => p.Key, p => p.Value);
        if (v.TryGetValue("Count", out var count) && v.TryGetValue("Elapsed", out var elapsed) && v.TryGetValue("Commit", out var commit))
        {
            lock (_gate)
            {
                _commands += Convert.ToInt64(count);
                _batches++;
                _applyMs += Convert.ToDouble(elapsed) - Convert.ToDouble(commit);
                _commitMs += Convert.ToDouble(commit);
            }
        }
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Dispose()
    {
    }
}

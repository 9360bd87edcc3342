namespace EventScheduler.Api.Storage;

/// <summary>Configuration section <c>Coherence</c>: how this process notices what other processes on the same
/// database committed (read caches, the live feed). Several processes may open one database (a rolling restart,
/// two instances behind a proxy); everything that must agree between them is read from the database.</summary>
public sealed class CoherenceOptions
{
    public const string Section = "Coherence";

    /// <summary>How often the database is asked whether another process committed (and the live-status log is
    /// followed). 250 ms keeps other processes' caches and live feeds at most about a quarter second behind,
    /// well inside the promised second, for one tiny query per interval.</summary>
    public int PollMilliseconds { get; set; } = 250;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(Math.Clamp(PollMilliseconds, 10, 1000));
}

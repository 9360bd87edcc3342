using System.Diagnostics;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Features.Health;

/// <summary>One readiness verdict: each condition "ok" or what is wrong with it.</summary>
public sealed record ReadinessReport(string Database, string Writable, string Migrations, string Workers, string Identity, IReadOnlyList<string> Failing,
    string? Detail)
{
    public bool Ready => Failing.Count == 0;
}

/// <summary>Whether this process should get traffic: the database answers and takes a write now, every migration of
/// this build is applied (and none it does not know), every background worker is running, the database file is still
/// the one it opened, and the process is not shutting down. Probes within <see cref="CacheFor"/> of a verdict share it,
/// so a load balancer probing every second costs at most one small write a second.</summary>
public sealed class Readiness(DatabaseProbe probe, Database db, IEnumerable<IHostedService> hosted, IHostApplicationLifetime lifetime,
    TimeProvider time, ILogger<Readiness> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);
    private const string Ok = "ok";

    private readonly Lock _gate = new();
    private Task<ReadinessReport>? _last;
    private long _lastAt;

    public Task<ReadinessReport> CheckAsync()
    {
        lock (_gate)
        {
            if (_last is null || (_last.IsCompleted && Stopwatch.GetElapsedTime(_lastAt) > CacheFor))
            {
                _lastAt = Stopwatch.GetTimestamp();
                // Not the request's token: the verdict is shared by every probe that arrives meanwhile.
                _last = Task.Run(() => RunAsync(CancellationToken.None));
            }

            return _last;
        }
    }

    private async Task<ReadinessReport> RunAsync(CancellationToken ct)
    {
        var problems = new List<(string Check, string Detail)>();
        var identity = db.Identity.Check() is { } lost ? Fail(problems, "identity", lost, "replaced") : Ok;

        string database, migrations;
        try
        {
            var applied = await probe.AppliedMigrationsAsync(ct);
            database = Ok;
            migrations = MigrationState(applied, problems);
        }
        catch (Exception ex) when (ex is StorageUnavailableException or System.Data.Common.DbException)
        {
            database = Fail(problems, "database", "The database does not answer.", "unreachable");
            migrations = "unknown";
        }

        string writable;
        try
        {
            await probe.WriteAsync(Instants.ToMs(time.GetUtcNow()), LockWait, ct);
            writable = Ok;
        }
        catch (StorageUnavailableException ex)
        {
            writable = Fail(problems, "writable", $"The database does not take writes: {ex.Message}", "refused");
        }

        var stopped = hosted.OfType<BackgroundService>().Where(s => s.ExecuteTask is null or { IsCompleted: true }).Select(s => s.GetType().Name).ToList();
        var workers = stopped.Count == 0 ? Ok : Fail(problems, "workers", $"Stopped: {string.Join(", ", stopped)}.", "stopped");
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Fail(problems, "stopping", "The service is shutting down.", "stopping");
        }

        var detail = problems.Count == 0 ? null : string.Join(" ", problems.Select(p => p.Detail));
        if (detail is not null)
        {
            logger.LogWarning("Not ready: {Detail}", detail);
        }

        return new ReadinessReport(database, writable, migrations, workers, identity, problems.Select(p => p.Check).ToList(), detail);
    }

    private string MigrationState(HashSet<long> applied, List<(string, string)> problems)
    {
        var known = Migrator.Embedded(db.Dialect.MigrationsFolder);
        var missing = known.Where(m => !applied.Contains(m.Version)).Select(m => m.Name).ToList();
        if (missing.Count > 0)
        {
            return Fail(problems, "migrations", $"Migrations not applied: {string.Join(", ", missing)}.", "missing");
        }

        var unknown = applied.Except(known.Select(m => (long)m.Version)).Order().ToList();
        return unknown.Count > 0
            ? Fail(problems, "migrations", $"The database has migrations this build does not know ({string.Join(", ", unknown)}): it was migrated by a newer version.", "newer")
            : Ok;
    }

    private static string Fail(List<(string, string)> problems, string check, string detail, string state)
    {
        problems.Add((check, detail));
        return state;
    }
}

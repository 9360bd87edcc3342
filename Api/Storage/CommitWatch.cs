using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Storage;

/// <summary>Advances <see cref="Database.WriteGeneration"/> when another process committed to the database, so
/// read caches (public programme, ETag-checked views) are stale at most one poll interval on every process.
/// Commits of this process advance the generation themselves, at once; this covers the others.</summary>
/// <remarks>Costs nothing on the write path: nothing is written to detect a commit. The question is the dialect's
/// (<see cref="SqlDialect.CommitVersionSql"/>): SQLite's <c>PRAGMA data_version</c> changes on a connection whenever
/// another connection (of any process) committed, so it is asked on one dedicated connection, since the value is per
/// connection; PostgreSQL's <c>pg_current_snapshot()</c> changes whenever a transaction that wrote starts or ends.</remarks>
public sealed class CommitWatch(Database db, IOptions<CoherenceOptions> options, ILogger<CommitWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time on purpose (like DatabaseIdentityMonitor): a test clock that stands still must not freeze caches.
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        DbConnection? connection = null;
        string? seen = null;
        try
        {
            // First look at once: an entry cached before the first tick must not miss a commit made meanwhile.
            do
            {
                try
                {
                    if (connection is null)
                    {
                        connection = await db.Dialect.OpenDedicatedAsync(stoppingToken);
                        seen = null;
                    }

                    var version = await connection.ExecuteScalarAsync<string>(new CommandDefinition(db.Dialect.CommitVersionSql, cancellationToken: stoppingToken));
                    if (seen is { } before && before != version)
                    {
                        db.NoteCommit();
                    }

                    seen = version;
                }
                catch (DbException ex)
                {
                    // A lost or locked file: caches are left to the writes' own checks; retry with a new connection.
                    logger.LogDebug(ex, "Could not ask the database for commits of other processes");
                    await DisposeAsync(connection);
                    connection = null;
                    // The commits in between are unknown: treat as changed.
                    db.NoteCommit();
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await DisposeAsync(connection);
        }
    }

    private static async Task DisposeAsync(DbConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}

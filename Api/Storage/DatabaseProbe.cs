using Dapper;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>What readiness asks of the database: does it answer, does it take a write now, are this build's
/// migrations all applied.</summary>
public sealed class DatabaseProbe(Database db)
{
    private const string AppliedSql = "SELECT version FROM schema_migrations";

    private const string WriteSql = """
        INSERT INTO health_probes (id, checked_at) VALUES (1, @Now)
        ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at
        """;

    /// <summary>The migration versions recorded in the database (throws when it does not answer).</summary>
    public Task<HashSet<long>> AppliedMigrationsAsync(CancellationToken ct) =>
        db.ReadAsync(async c => (await c.QueryAsync<long>(new CommandDefinition(AppliedSql, cancellationToken: ct))).ToHashSet(), ct);

    /// <summary>One real write, durable like any other (so a full disk, a read-only file, a lost file or a writer
    /// holding the lock beyond <paramref name="lockWait"/> fail it). Throws <see cref="StorageUnavailableException"/>.</summary>
    public async Task WriteAsync(long now, TimeSpan lockWait, CancellationToken ct)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            // The pool's next user gets the configured lock wait back (the dialect sets it on every open for writing).
            await connection.ExecuteAsync(new CommandDefinition(db.Dialect.LockWaitSql(lockWait), cancellationToken: ct));
            await using var transaction = await db.BeginWriteAsync(connection, ct);
            await connection.ExecuteAsync(new CommandDefinition(WriteSql, new { Now = now }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            db.Identity.ThrowIfLost();
        }
        catch (DbException ex) when (StorageFaults.Translate(ex, db.Identity) is { } fault)
        {
            throw fault;
        }
    }
}

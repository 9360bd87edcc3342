using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace EventScheduler.Api.Storage;

/// <summary>A PostgreSQL database shared by any number of API processes. Every write transaction takes one
/// transaction-scoped advisory lock first (<c>pg_advisory_xact_lock</c>, as pretix locks quotas), so writes serialise
/// across processes as SQLite's single writer serialises them: seat allocation, sequence numbers in commit order and
/// every read-then-write check hold across processes. Migrations run under a session advisory lock, so processes
/// starting together migrate once. Reads take no lock.</summary>
public sealed class PostgresDialect : SqlDialect
{
    // The advisory lock keys: arbitrary but fixed, since every process of every version must agree on them.
    private const string WriteLockSql = "SELECT pg_advisory_xact_lock(4576536301)";
    private const string MigrationLockSql = "SELECT pg_advisory_lock(4576536302)";

    private const string IdentitySql = """
        SELECT COALESCE((SELECT system_identifier::text FROM pg_control_system()), '?') || '/'
               || (SELECT oid::text FROM pg_database WHERE datname = current_database())
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _unpooled;
    private readonly DatabaseIdentity _identity;
    private readonly string _description;

    public PostgresDialect(string connectionString, int busyTimeoutMs, ILogger logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // A writer waits this long for the write lock (or any row lock) before giving up with 503, like SQLite's busy_timeout.
            Options = $"-c lock_timeout={Math.Max(1, busyTimeoutMs)}",
            // Npgsql prepares statements used repeatedly on a connection, which is what BatchStatements asks for.
            MaxAutoPrepare = 64,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "EventScheduler";
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _unpooled = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false }.ConnectionString;
        _description = $"{builder.Database} on {builder.Host}:{builder.Port} (PostgreSQL)";
        _identity = DatabaseIdentity.ForServer(_description, logger);
    }

    public override string Provider => "postgres";

    public override DatabaseIdentity Identity => _identity;

    public override string MigrationsFolder => "Postgres.";

    // Changes whenever a transaction that wrote starts or ends (xmin, xmax, in-progress list), in any process.
    public override string CommitVersionSql => "SELECT pg_current_snapshot()::text";

    // Npgsql prepares a statement it sees repeatedly on a connection (MaxAutoPrepare); an explicit Prepare would fix
    // the parameters' types from values not bound yet.
    public override BatchStatement PrepareBatchStatement(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameterNames) =>
        new CommandBatchStatement(connection, transaction, sql, parameterNames);

    public override bool ErrorAbortsTransaction => true;

    public override bool RowAtATimeIsCheap => false;

    public override string Describe() => _description;

    public override string Pick(string sqlite, string postgres) => postgres;

    // Session-level; Npgsql resets the session (DISCARD ALL) when the connection goes back to the pool.
    public override string LockWaitSql(TimeSpan wait) => $"SET lock_timeout = {Math.Max(1, (int)wait.TotalMilliseconds)}";

    public override async Task<DbConnection> OpenAsync(bool writes, CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, bool durable, CancellationToken ct)
    {
        // READ COMMITTED: each statement sees everything committed before it, and every writer committed before this
        // one took the lock, so checks read the latest state, as under SQLite's BEGIN IMMEDIATE.
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(durable ? WriteLockSql : "SET LOCAL synchronous_commit = off; " + WriteLockSql,
                transaction: transaction, cancellationToken: ct));
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

    public override async Task<DbConnection> OpenDedicatedAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(_unpooled);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>An unpooled connection holding the migration lock for its whole life: the lock goes with the session.</summary>
    public override async Task<DbConnection> OpenForMigrationsAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(_unpooled);
        try
        {
            await connection.OpenAsync(ct);
            // No lock_timeout here: a process that starts while another migrates waits for it to finish.
            await connection.ExecuteAsync(new CommandDefinition("SET lock_timeout = 0; " + MigrationLockSql, cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task PinAsync(CancellationToken ct) => _identity.Pin(await ReadIdentityAsync(ct));

    public override async Task CheckIdentityAsync(CancellationToken ct)
    {
        try
        {
            _identity.Observe(await ReadIdentityAsync(ct));
        }
        catch (DbException)
        {
            // The server does not answer: that is readiness's finding (database unreachable), not a replaced database.
        }
    }

    private async Task<string> ReadIdentityAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(IdentitySql, cancellationToken: ct)) ?? "?";
    }

    public override void Close() => _dataSource.Dispose();
}

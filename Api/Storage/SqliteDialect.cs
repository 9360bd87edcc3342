using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

/// <summary>The embedded default: one SQLite file in WAL mode. Its fast paths live here, behind the seam: pragmas
/// only on connections that write, the commit hook that refuses a commit into a replaced file, BEGIN IMMEDIATE as
/// the single write lock, <c>PRAGMA data_version</c> as the commit detector, a keeper connection that fixes the
/// write-ahead log's identity.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private const int PageSize = 4096;

    // Per connection: FULL makes a commit wait for the WAL fsync, so an acknowledged write survives
    // power loss; busy_timeout lets writers queue for the lock instead of failing at once.
    private readonly string _connectionPragmas;
    private readonly string _createConnectionString;
    private readonly SQLitePCL.delegate_commit _commitHook;
    private readonly DatabaseIdentity _identity;
    private SqliteConnection? _keeper;

    public SqliteDialect(string fullPath, int busyTimeoutMs, ILogger logger, int? maxSizeMiB = null)
    {
        FullPath = fullPath;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            // After start-up nothing may create the file: a deleted database must fail to open, not come back empty.
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
        };
        ConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        _createConnectionString = builder.ToString();
        var limit = maxSizeMiB is > 0 ? $" PRAGMA max_page_count={(long)maxSizeMiB.Value * 1024 * 1024 / PageSize};" : "";
        _connectionPragmas = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={busyTimeoutMs};{limit}";
        _identity = new DatabaseIdentity(fullPath, logger);
        // Non-zero turns the COMMIT into a ROLLBACK (SQLITE_CONSTRAINT_COMMITHOOK), which StorageFaults maps to 503.
        _commitHook = _ => _identity.Check() is null ? 0 : 1;
    }

    public override string Provider => "sqlite";

    public string FullPath { get; }

    public string ConnectionString { get; }

    public override DatabaseIdentity Identity => _identity;

    public override string MigrationsFolder => "";

    public override string CommitVersionSql => "PRAGMA data_version";

    public override string Describe() => FullPath;

    public override BatchStatement PrepareBatchStatement(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameterNames) =>
        new SqliteBatchStatement((SqliteConnection)connection, sql, parameterNames);

    public override bool ErrorAbortsTransaction => false;

    public override bool RowAtATimeIsCheap => true;

    public override string LockWaitSql(TimeSpan wait) => $"PRAGMA busy_timeout={(int)wait.TotalMilliseconds}";

    public override string Pick(string sqlite, string postgres) => sqlite;

    public override async Task<DbConnection> OpenAsync(bool writes, CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (writes)
            {
                // Only commits care about synchronous; reads skip the round trip (hot path of public reads).
                await connection.ExecuteAsync(new CommandDefinition(_connectionPragmas, cancellationToken: ct));
                SQLitePCL.raw.sqlite3_commit_hook(connection.Handle, _commitHook, null);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, bool durable, CancellationToken ct)
    {
        if (!durable)
        {
            // For this transaction; the next writer of the pooled connection sets FULL again (OpenAsync).
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA synchronous=NORMAL", cancellationToken: ct));
        }

        // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a non-deferred transaction.
        return await connection.BeginTransactionAsync(IsolationLevel.Serializable, ct);
    }

    // A deferred transaction: in WAL mode its first read fixes the snapshot.
    // Deferred: a read transaction that takes WAL's snapshot at its first read and never the write lock. Microsoft.Data.Sqlite's
    // plain BeginTransaction is BEGIN IMMEDIATE, which made every list page and export queue behind (and block) the writer.
    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override async Task<DbConnection> OpenDedicatedAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Creates the directory and the file if missing. The migration lock is each file's BEGIN IMMEDIATE.</summary>
    public override async Task<DbConnection> OpenForMigrationsAsync(CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(FullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_createConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(_connectionPragmas, cancellationToken: ct));
            // WAL is a property of the file, so setting it once here covers every later connection.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keeps one connection open for the service's lifetime (so SQLite never removes and re-creates the
    /// write-ahead log, whose identity is then fixed) and pins the file's identity.</summary>
    public override async Task PinAsync(CancellationToken ct)
    {
        if (_keeper is null)
        {
            var keeper = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
            await keeper.OpenAsync(ct);
            await keeper.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM schema_migrations", cancellationToken: ct));
            _keeper = keeper;
        }

        _identity.Pin();
    }

    public override void Close()
    {
        _keeper?.Dispose();
        _keeper = null;
    }
}

using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventScheduler.Api.Storage;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>File path; relative paths are under the Api content root.</summary>
    public string Path { get; set; } = "data/eventscheduler.db";

    /// <summary>How long a writer waits for the single SQLite write lock before giving up (503).</summary>
    public int BusyTimeoutMs { get; set; } = 10_000;

    /// <summary>Optional cap on the database's size in MiB: beyond it writes are refused like on a full disk (503).</summary>
    public int? MaxSizeMiB { get; set; }
}

/// <summary>Opens one pooled connection per unit of work with the pragmas every connection needs, checks on
/// every write that the file is still the one opened at start (<see cref="DatabaseIdentity"/>), and turns
/// SQLite's faults into <see cref="StorageUnavailableException"/> (<see cref="StorageFaults"/>). Every
/// writer goes through <see cref="OpenAsync(CancellationToken)"/>, so every commit gets the identity check.</summary>
public sealed class Database : IDisposable
{
    private const int PageSize = 4096;

    // Per connection: FULL makes a commit wait for the WAL fsync, so an acknowledged write survives
    // power loss; busy_timeout lets writers queue for the lock instead of failing at once.
    private readonly string _connectionPragmas;
    private readonly string _createConnectionString;
    private readonly SQLitePCL.delegate_commit _commitHook;
    private SqliteConnection? _keeper;
    private long _writeGeneration;

    public Database(string fullPath, int busyTimeoutMs, ILogger<Database>? logger = null, int? maxSizeMiB = null)
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
        Identity = new DatabaseIdentity(fullPath, logger ?? (ILogger)NullLogger.Instance);
        // Non-zero turns the COMMIT into a ROLLBACK (SQLITE_CONSTRAINT_COMMITHOOK), which StorageFaults maps to 503.
        _commitHook = _ => Identity.Check() is null ? 0 : 1;
    }

    public string FullPath { get; }
    public string ConnectionString { get; }
    public DatabaseIdentity Identity { get; }

    /// <summary>Rises after every commit made through <see cref="WriteAsync{T}"/> (everything but the
    /// batched writers). Read caches compare it to know their copy is still current.</summary>
    public long WriteGeneration => Interlocked.Read(ref _writeGeneration);

    /// <summary>A commit made outside <see cref="WriteAsync{T}"/> (the registration writer's batch) changed what read
    /// caches hold (a meeting): advance the generation, as WriteAsync does.</summary>
    public void NoteCommit() => Interlocked.Increment(ref _writeGeneration);

    /// <summary>Start-up: creates the directory and the file if missing and opens it for migrations.</summary>
    internal async Task<SqliteConnection> OpenForSetupAsync(CancellationToken ct)
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
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Start-up, after migrations: keeps one connection open for the service's lifetime (so SQLite never
    /// removes and re-creates the write-ahead log, whose identity is then fixed) and pins the file's identity.</summary>
    internal async Task PinAsync(CancellationToken ct)
    {
        if (_keeper is null)
        {
            var keeper = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
            await keeper.OpenAsync(ct);
            await keeper.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM schema_migrations", cancellationToken: ct));
            _keeper = keeper;
        }

        Identity.Pin();
    }

    /// <summary>Opens a connection for writing: refused when the file is no longer the one opened at start;
    /// with the durability pragmas and the identity check on every commit.</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken ct) => OpenAsync(writes: true, ct);

    private async Task<SqliteConnection> OpenAsync(bool writes, CancellationToken ct)
    {
        if (writes)
        {
            Identity.ThrowIfLost();
        }

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
        catch (SqliteException ex) when (StorageFaults.Translate(ex, Identity) is { } fault)
        {
            await connection.DisposeAsync();
            throw fault;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one BEGIN IMMEDIATE transaction: the write lock is taken
    /// before the first read, so the checks and the change see the same state and never deadlock
    /// on a lock upgrade. Storage faults surface as <see cref="StorageUnavailableException"/>.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct) => WriteCoreAsync(work, ct, durable: true);

    private async Task<T> WriteCoreAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct, bool durable)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            if (!durable)
            {
                await connection.ExecuteAsync(new CommandDefinition("PRAGMA synchronous=NORMAL", cancellationToken: ct));
            }

            // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a non-deferred transaction.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(ct);
            // After the commit, never before: a reader that raced the write then caches under the old generation.
            // Bookkeeping (not durable) changes nothing a read cache holds.
            if (durable)
            {
                Interlocked.Increment(ref _writeGeneration);
            }

            // The commit hook ran just before the commit; a replacement in between is caught here, before anyone is answered.
            Identity.ThrowIfLost();
            return result;
        }
        catch (SqliteException ex) when (StorageFaults.Translate(ex, Identity) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>As <see cref="WriteAsync{T}"/>, but the commit does not wait for the disk (<c>synchronous=NORMAL</c> for
    /// this transaction; the next writer of the pooled connection sets FULL again): for bookkeeping a power cut may
    /// lose without harm (rate-limit counts), never for data. Dialect: on PostgreSQL <c>SET LOCAL synchronous_commit = off</c>.</summary>
    public Task<T> WriteBookkeepingAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct) =>
        WriteCoreAsync(work, ct, durable: false);

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(writes: false, ct);
            return await work(connection);
        }
        catch (SqliteException ex) when (StorageFaults.Translate(ex, Identity) is { } fault)
        {
            throw fault;
        }
    }

    public void Dispose()
    {
        _keeper?.Dispose();
        _keeper = null;
    }
}

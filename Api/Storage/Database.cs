using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventScheduler.Api.Storage;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (the default: one file, nothing to install) or <c>postgres</c> (a PostgreSQL server
    /// named by <see cref="ConnectionString"/>, shared by any number of API processes).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>PostgreSQL only: an Npgsql connection string (Host=...;Port=...;Database=...;Username=...;Password=...).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite only: the file path; relative paths are under the Api content root.</summary>
    public string Path { get; set; } = "data/eventscheduler.db";

    /// <summary>How long a writer waits for the single write lock before giving up (503).</summary>
    public int BusyTimeoutMs { get; set; } = 10_000;

    /// <summary>SQLite only: optional cap on the database's size in MiB: beyond it writes are refused like on a full disk (503).</summary>
    public int? MaxSizeMiB { get; set; }

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase)
                              || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Opens one pooled connection per unit of work with what every connection needs (the provider's part is
/// <see cref="Dialect"/>), checks on every write that the database is still the one opened at start
/// (<see cref="DatabaseIdentity"/>), and turns the provider's faults into <see cref="StorageUnavailableException"/>
/// (<see cref="StorageFaults"/>). Every writer goes through <see cref="OpenAsync(CancellationToken)"/>, so every
/// commit gets the identity check.</summary>
public sealed class Database : IDisposable
{
    private long _writeGeneration;

    public Database(SqlDialect dialect) => Dialect = dialect;

    /// <summary>A SQLite database (the embedded default).</summary>
    public Database(string fullPath, int busyTimeoutMs, ILogger<Database>? logger = null, int? maxSizeMiB = null)
        : this(new SqliteDialect(fullPath, busyTimeoutMs, logger ?? (ILogger)NullLogger.Instance, maxSizeMiB))
    {
    }

    public SqlDialect Dialect { get; }

    public bool IsPostgres => Dialect.Provider == "postgres";

    /// <summary>SQLite only: the database file (the backup copies it; mail keeps its pickup folder beside it).</summary>
    public string FullPath => (Dialect as SqliteDialect)?.FullPath
                              ?? throw new InvalidOperationException("The database is not a SQLite file.");

    /// <summary>SQLite only: the connection string of the file.</summary>
    public string ConnectionString => (Dialect as SqliteDialect)?.ConnectionString
                                      ?? throw new InvalidOperationException("The database is not a SQLite file.");

    public DatabaseIdentity Identity => Dialect.Identity;

    /// <summary>Rises after every commit made through <see cref="WriteAsync{T}"/> (everything but the
    /// batched writers). Read caches compare it to know their copy is still current.</summary>
    public long WriteGeneration => Interlocked.Read(ref _writeGeneration);

    /// <summary>A commit made outside <see cref="WriteAsync{T}"/> (the registration writer's batch) changed what read
    /// caches hold (a meeting): advance the generation, as WriteAsync does.</summary>
    public void NoteCommit() => Interlocked.Increment(ref _writeGeneration);

    /// <summary>Opens a connection for writing: refused when the database is no longer the one opened at start;
    /// with the durability settings and the identity check on every commit.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken ct) => OpenAsync(writes: true, ct);

    /// <summary>Begins the write transaction on a connection from <see cref="OpenAsync(CancellationToken)"/> (the
    /// batched writers, which commit themselves): the one write lock, taken before the first read.</summary>
    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) => Dialect.BeginWriteAsync(connection, durable: true, ct);

    /// <summary>A read transaction whose statements see one snapshot.</summary>
    public Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) => Dialect.BeginSnapshotAsync(connection, ct);

    private async Task<DbConnection> OpenAsync(bool writes, CancellationToken ct)
    {
        if (writes)
        {
            Identity.ThrowIfLost();
        }

        try
        {
            return await Dialect.OpenAsync(writes, ct);
        }
        catch (DbException ex) when (StorageFaults.Translate(ex, Identity) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction that holds the write lock before the first
    /// read (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory transaction lock), so the checks and the change see the
    /// same state and never deadlock on a lock upgrade. Storage faults surface as <see cref="StorageUnavailableException"/>.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) => WriteCoreAsync(work, ct, durable: true);

    private async Task<T> WriteCoreAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct, bool durable)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var transaction = await Dialect.BeginWriteAsync(connection, durable, ct);
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
        catch (DbException ex) when (StorageFaults.Translate(ex, Identity) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>As <see cref="WriteAsync{T}"/>, but the commit does not wait for the disk (SQLite: <c>synchronous=NORMAL</c>
    /// for this transaction; PostgreSQL: <c>SET LOCAL synchronous_commit = off</c>): for bookkeeping a power cut may
    /// lose without harm (rate-limit counts), never for data.</summary>
    public Task<T> WriteBookkeepingAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        WriteCoreAsync(work, ct, durable: false);

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(writes: false, ct);
            return await work(connection);
        }
        catch (DbException ex) when (StorageFaults.Translate(ex, Identity) is { } fault)
        {
            throw fault;
        }
    }

    public void Dispose() => Dialect.Close();
}

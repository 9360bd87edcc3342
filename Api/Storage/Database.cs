using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>File path; relative paths are under the Api content root.</summary>
    public string Path { get; set; } = "data/eventscheduler.db";

    /// <summary>How long a writer waits for the single SQLite write lock before giving up.</summary>
    public int BusyTimeoutMs { get; set; } = 10_000;
}

/// <summary>Opens one pooled connection per unit of work with the pragmas every connection needs.</summary>
public sealed class Database
{
    // Per connection: FULL makes a commit wait for the WAL fsync, so an acknowledged write survives
    // power loss; busy_timeout lets writers queue for the lock instead of failing at once.
    private readonly string _connectionPragmas;

    public Database(string fullPath, int busyTimeoutMs)
    {
        FullPath = fullPath;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
        }.ToString();
        _connectionPragmas = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={busyTimeoutMs};";
    }

    public string FullPath { get; }
    public string ConnectionString { get; }

    private long _writeGeneration;

    /// <summary>Rises after every commit made through <see cref="WriteAsync{T}"/> (everything but the
    /// registration writer's batches). Read caches compare it to know their copy is still current.</summary>
    public long WriteGeneration => Interlocked.Read(ref _writeGeneration);

    /// <summary>A commit made outside <see cref="WriteAsync{T}"/> (the registration writer's batch) changed what read
    /// caches hold (a meeting): advance the generation, as WriteAsync does.</summary>
    public void NoteCommit() => Interlocked.Increment(ref _writeGeneration);

    /// <summary>Opens a connection for writing: with the durability pragmas applied.</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken ct) => OpenAsync(writes: true, ct);

    private async Task<SqliteConnection> OpenAsync(bool writes, CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (writes)
            {
                // Only commits care about synchronous; reads skip the round trip (hot path of public reads).
                await connection.ExecuteAsync(new CommandDefinition(_connectionPragmas, cancellationToken: ct));
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one BEGIN IMMEDIATE transaction: the write lock is taken
    /// before the first read, so the checks and the change see the same state and never deadlock
    /// on a lock upgrade.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a non-deferred transaction.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        // After the commit, never before: a reader that raced the write then caches under the old generation.
        Interlocked.Increment(ref _writeGeneration);
        return result;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(writes: false, ct);
        return await work(connection);
    }
}

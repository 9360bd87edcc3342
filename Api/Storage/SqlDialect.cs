using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>Everything in which the two storage providers differ, in one place: how a connection is made and
/// prepared, how a write transaction serialises with every other writer, how a commit is detected from another
/// process, and the few statements whose text differs (<see cref="Pick"/>). Stores work on ADO.NET's base types
/// through Dapper and share their SQL everywhere else; they never ask which provider runs.</summary>
public abstract class SqlDialect
{
    /// <summary>The <c>Database:Provider</c> value: <c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>The database in words for logs and the start-up message (a file path, or host/database; never a password).</summary>
    public abstract string Describe();

    /// <summary>Opens a pooled connection; <paramref name="writes"/>: with what every commit needs (durability settings).</summary>
    public abstract Task<DbConnection> OpenAsync(bool writes, CancellationToken ct);

    /// <summary>Begins a write transaction that holds the one write lock before its first read, so the checks and the
    /// change see the same state and writers queue instead of failing. <paramref name="durable"/> false: the commit may
    /// skip waiting for the disk (bookkeeping only).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, bool durable, CancellationToken ct);

    /// <summary>A read-only transaction whose statements all see one snapshot.</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct);

    /// <summary>The statement whose result changes whenever any process committed (see <see cref="CommitWatch"/>).</summary>
    public abstract string CommitVersionSql { get; }

    /// <summary>An unpooled connection for a long-lived watcher (the commit watch).</summary>
    public abstract Task<DbConnection> OpenDedicatedAsync(CancellationToken ct);

    /// <summary>Start-up: a connection for migrations (creating the database file where the provider does so), holding
    /// the migration lock so several processes starting together apply each file once.</summary>
    public abstract Task<DbConnection> OpenForMigrationsAsync(CancellationToken ct);

    /// <summary>The migrations' resource folder under Storage/Migrations ("" for SQLite's, "Postgres." for PostgreSQL's).</summary>
    public abstract string MigrationsFolder { get; }

    /// <summary>Start-up, after migrations: pins the database's identity (and anything kept open for the service's lifetime).</summary>
    public abstract Task PinAsync(CancellationToken ct);

    public abstract DatabaseIdentity Identity { get; }

    /// <summary>Looks at the database's identity now (the identity monitor, every few seconds).</summary>
    public virtual Task CheckIdentityAsync(CancellationToken ct)
    {
        _ = Identity.Check();
        return Task.CompletedTask;
    }

    /// <summary>Prepares one statement of a writer batch (<see cref="BatchStatements"/>) on its connection and transaction.</summary>
    public abstract BatchStatement PrepareBatchStatement(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameterNames);

    /// <summary>True when one prepared statement run per row is cheaper than one multi-row statement: SQLite, in the
    /// process, pays nothing per run; a server pays a round trip per statement.</summary>
    public abstract bool RowAtATimeIsCheap { get; }

    /// <summary>True when a failed statement aborts the whole transaction (PostgreSQL), false when it fails alone
    /// (SQLite): the registration writer then re-runs a batch without the command that failed.</summary>
    public abstract bool ErrorAbortsTransaction { get; }

    /// <summary>Sets how long this connection's writer waits for the write lock (readiness waits less than requests).</summary>
    public abstract string LockWaitSql(TimeSpan wait);

    /// <summary>The one statement of a store whose text must differ between the providers; everything else is shared.</summary>
    public abstract string Pick(string sqlite, string postgres);

    /// <summary>Releases what the dialect keeps open (SQLite's keeper connection, the connection pools).</summary>
    public abstract void Close();
}

using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

/// <summary>The one translation of SQLite's failures into what they mean for a caller: the database cannot
/// take the work now (<see cref="StorageUnavailableException"/>, answered 503 with Retry-After). Rule and
/// constraint failures are not faults and are left alone.</summary>
public static class StorageFaults
{
    // SQLite primary result codes (https://sqlite.org/rescode.html).
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;
    private const int ConstraintCode = 19;
    private const int NotADb = 26;

    /// <summary>SQLITE_CONSTRAINT_COMMITHOOK: the commit hook refused the commit (see <see cref="DatabaseIdentity"/>).</summary>
    private const int ConstraintCommitHook = 531;

    private const int ConstraintForeignKey = 787;
    private const int ConstraintUnique = 2067;
    private const int ConstraintPrimaryKey = 1555;

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Later = TimeSpan.FromSeconds(30);

    /// <summary>Null when <paramref name="ex"/> is not a storage fault (e.g. a unique or foreign key violation).</summary>
    public static StorageUnavailableException? Translate(DbException ex, DatabaseIdentity? identity = null)
    {
        var (kind, fault) = ex switch
        {
            SqliteException sqlite when Kind(sqlite) is { } k => (k, (Func<StorageUnavailableException>)(() => Explain(sqlite, identity))),
            _ => (null, null),
        };
        if (kind is null || fault is null)
        {
            return null;
        }

        // Every fault is translated exactly once on its way to a 503, so this is where the metric counts it.
        Observability.Telemetry.CountFault(kind);
        return fault();
    }

    /// <summary>Which integrity constraint <paramref name="ex"/> reports, if any: the backstop of every reference and
    /// every unique value, answered 409 or 400 by the error middleware.</summary>
    public static ConstraintViolation? Constraint(DbException ex) => ex switch
    {
        SqliteException { SqliteErrorCode: ConstraintCode, SqliteExtendedErrorCode: ConstraintForeignKey } => ConstraintViolation.ForeignKey,
        SqliteException { SqliteErrorCode: ConstraintCode, SqliteExtendedErrorCode: ConstraintUnique or ConstraintPrimaryKey } => ConstraintViolation.Unique,
        _ => null,
    };

    /// <summary>What went wrong, for logs and for the start-up message (never sent to clients: it may name files).</summary>
    public static string Describe(DbException ex) => ex switch
    {
        SqliteException sqlite => Describe(sqlite),
        _ => ex.Message.TrimEnd('.'),
    };

    /// <summary>The fault's <c>error.type</c> in the metrics; null when it is no fault.</summary>
    private static string? Kind(SqliteException ex) => (ex.SqliteErrorCode, ex.SqliteExtendedErrorCode) switch
    {
        (Busy, _) => "busy",
        (Locked, _) => "locked",
        (Protocol, _) => "protocol",
        (Full, _) => "full",
        (ReadOnly, _) => "read_only",
        (IoErr, _) => "io",
        (CantOpen or Perm, _) => "cannot_open",
        (Corrupt or NotADb, _) => "corrupt",
        (ConstraintCode, ConstraintCommitHook) => "replaced",
        _ => null,
    };

    private static StorageUnavailableException Explain(SqliteException ex, DatabaseIdentity? identity) =>
        (ex.SqliteErrorCode, ex.SqliteExtendedErrorCode) switch
        {
            (Busy or Locked or Protocol, _) => new StorageUnavailableException(
                "The database is busy: another writer held it longer than the busy timeout. Nothing was saved; retry shortly.", Soon, ex),
            (Full, _) => new StorageUnavailableException(
                "The database has no room left (its disk is full or it reached its size limit). Nothing was saved.", Later, ex),
            (ReadOnly, _) => new StorageUnavailableException("The database file is read-only. Nothing was saved.", Later, ex),
            (IoErr, _) => new StorageUnavailableException("The database could not be read or written (I/O error).", Later, ex),
            (CantOpen or Perm, _) => new StorageUnavailableException(
                "The database file cannot be opened (it was deleted or moved, or may not be accessed).", Later, ex),
            (Corrupt or NotADb, _) => new StorageUnavailableException("The database file is damaged; it must be restored from a backup.", Later, ex),
            (ConstraintCode, ConstraintCommitHook) => new StorageUnavailableException(
                identity?.Describe() ?? DatabaseIdentity.LostMessage, DatabaseIdentity.RetryAfter, ex),
            _ => throw new ArgumentOutOfRangeException(nameof(ex), "Not a storage fault."),
        };

    /// <summary>What went wrong, for logs and for the start-up message (never sent to clients: it names files).</summary>
    private static string Describe(SqliteException ex)
    {
        // Microsoft.Data.Sqlite's message is "SQLite Error 26: 'file is not a database'."; keep SQLite's own words.
        var text = ex.Message;
        var (start, end) = (text.IndexOf('\'', StringComparison.Ordinal), text.LastIndexOf('\''));
        var reason = start >= 0 && end > start + 1 ? text[(start + 1)..end] : text.TrimEnd('.');
        var code = ex.SqliteExtendedErrorCode != ex.SqliteErrorCode ? $"{ex.SqliteErrorCode}/{ex.SqliteExtendedErrorCode}" : $"{ex.SqliteErrorCode}";
        return $"{reason} (SQLite error {code})";
    }
}

/// <summary>An integrity constraint the database refused a statement for.</summary>
public enum ConstraintViolation
{
    ForeignKey,
    Unique,
}

using Npgsql;

namespace EventScheduler.Api.Storage;

/// <summary>PostgreSQL's half of <see cref="StorageFaults"/>: which of Npgsql's failures mean the database cannot take
/// the work now (503 with Retry-After), by SQLSTATE (https://www.postgresql.org/docs/15/errcodes-appendix.html).</summary>
internal static class PostgresFaults
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Later = TimeSpan.FromSeconds(30);

    /// <summary>The fault's metric kind and the exception to answer with; null when it is no fault (a constraint, a bug).</summary>
    public static (string Kind, Func<StorageUnavailableException> Fault)? Translate(NpgsqlException ex)
    {
        if (ex is not PostgresException pg)
        {
            // No answer from the server: refused, reset, timed out, or no connection free in the pool.
            return ("unreachable", () => new StorageUnavailableException("The database server does not answer. Nothing was saved; retry shortly.", Soon, ex));
        }

        return pg.SqlState switch
        {
            PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure =>
                ("busy", () => new StorageUnavailableException(
                    "The database is busy: another writer held it longer than the lock timeout. Nothing was saved; retry shortly.", Soon, ex)),
            PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory or PostgresErrorCodes.InsufficientResources =>
                ("full", () => new StorageUnavailableException("The database server has no room left. Nothing was saved.", Later, ex)),
            PostgresErrorCodes.TooManyConnections =>
                ("busy", () => new StorageUnavailableException("The database server takes no more connections now. Nothing was saved; retry shortly.", Soon, ex)),
            PostgresErrorCodes.ReadOnlySqlTransaction =>
                ("read_only", () => new StorageUnavailableException("The database server is read-only (a standby?). Nothing was saved.", Later, ex)),
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow =>
                ("unreachable", () => new StorageUnavailableException("The database server is restarting. Nothing was saved; retry shortly.", Soon, ex)),
            PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.InvalidPassword
                or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                ("cannot_open", () => new StorageUnavailableException("The database cannot be opened (it does not exist, or may not be accessed).", Later, ex)),
            PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted =>
                ("corrupt", () => new StorageUnavailableException("The database is damaged; it must be restored from a backup.", Later, ex)),
            { } state when state.StartsWith("08", StringComparison.Ordinal) =>
                ("unreachable", () => new StorageUnavailableException("The database server does not answer. Nothing was saved; retry shortly.", Soon, ex)),
            _ => null,
        };
    }

    public static ConstraintViolation? Constraint(NpgsqlException ex) => (ex as PostgresException)?.SqlState switch
    {
        PostgresErrorCodes.ForeignKeyViolation => ConstraintViolation.ForeignKey,
        PostgresErrorCodes.UniqueViolation => ConstraintViolation.Unique,
        _ => null,
    };

    /// <summary>For logs and the start-up message: the server's own words and its SQLSTATE (never the password).</summary>
    public static string Describe(NpgsqlException ex) =>
        ex is PostgresException pg ? $"{pg.MessageText} (PostgreSQL {pg.SqlState})" : ex.Message.TrimEnd('.');
}

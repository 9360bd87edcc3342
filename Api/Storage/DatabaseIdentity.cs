namespace EventScheduler.Api.Storage;

/// <summary>The database file the service opened at start, and whether its path still names that file.
/// If the file (or its write-ahead log) is deleted or replaced while the service runs, SQLite keeps writing
/// into the orphaned inode through its open handles and a restart would open something else: every such
/// write would be lost. So once the identity is lost, commits are refused (a commit hook, so every writer
/// gets it), <c>/health</c> reports it and it is logged, until the service is restarted on the file.</summary>
public sealed class DatabaseIdentity(string path, ILogger logger)
{
    public const string LostMessage = "The database file was deleted or replaced while the service was running. Nothing was saved; "
                                      + "the service must be restarted on the right file.";

    /// <summary>A restart is needed; retrying soon will not help.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(60);

    public const string ServerLostMessage = "The database server now serves a different database than the one the service opened at start. "
                                            + "Nothing was saved; the service must be restarted on the right database.";

    private FileIdentity? _database;
    private FileIdentity? _log;
    private volatile string? _lost;

    // PostgreSQL: the server's system identifier and the database's oid, seen at start (see ForServer).
    private bool _server;
    private string? _pinnedServer;

    /// <summary>Whether the check can run on this platform and was pinned.</summary>
    public bool IsChecked => _database is not null || _pinnedServer is not null;

    /// <summary>A server database (PostgreSQL) named by <paramref name="description"/>: its identity is a string the
    /// dialect reads (<see cref="Pin(string)"/> at start, <see cref="Observe"/> every few seconds), not a file.</summary>
    public static DatabaseIdentity ForServer(string description, ILogger logger) => new(description, logger) { _server = true };

    /// <summary>Server databases: records the identity seen at start (after migrations).</summary>
    public void Pin(string identity)
    {
        _pinnedServer = identity;
        logger.LogInformation("Database {Database} opened (identity {Identity}).", path, identity);
    }

    /// <summary>Server databases: compares the identity seen now with the pinned one.</summary>
    public void Observe(string identity)
    {
        if (_pinnedServer is { } pinned)
        {
            Report(identity == pinned ? null : $"The {path} was replaced: the service opened identity {pinned}, the server now answers {identity}.");
        }
    }

    /// <summary>Records the files now at the path (call once the file is open for good: after migrations).</summary>
    public void Pin()
    {
        if (!FileIdentity.IsSupported)
        {
            logger.LogWarning("The database file's identity cannot be checked on this platform: a deleted or replaced {Path} would not be noticed.", path);
            return;
        }

        _database = FileIdentity.Of(path);
        _log = FileIdentity.Of(path + "-wal");
        logger.LogInformation("Database {Path} opened ({Identity}).", path, _database);
    }

    /// <summary>Null while the path names the pinned files; else why not (for logs and /health, names the file).</summary>
    public string? Check()
    {
        if (_server)
        {
            return _lost;
        }

        if (_database is not { } pinned)
        {
            return null;
        }

        var now = FileIdentity.Of(path);
        string? problem = now is null ? $"The database file {path} was deleted (the service still holds {pinned})."
            : now != pinned ? $"The database file {path} was replaced: the service opened {pinned}, the path now names {now}."
            : _log is { } log && FileIdentity.Of(path + "-wal") is var wal && wal != log
                ? $"The database's write-ahead log {path}-wal was {(wal is null ? "deleted" : "replaced")} (the service holds {log})."
            : null;
        Report(problem);
        return problem;
    }

    /// <summary>Throws <see cref="StorageUnavailableException"/> when the identity is lost.</summary>
    public void ThrowIfLost()
    {
        if (Check() is not null)
        {
            throw new StorageUnavailableException(_server ? ServerLostMessage : LostMessage, RetryAfter);
        }
    }

    /// <summary>The client-facing text when lost (no file names), else null.</summary>
    public string? Describe() => _lost is null ? null : _server ? ServerLostMessage : LostMessage;

    private void Report(string? problem)
    {
        var before = _lost;
        if (problem == before)
        {
            return;
        }

        _lost = problem;
        if (problem is not null)
        {
            logger.LogCritical("{Problem} Every write is refused (503) and /health reports unhealthy until the service is restarted on the file "
                               + "it should use; nothing is acknowledged that a restart would not find.", problem);
        }
        else
        {
            logger.LogWarning("The database file {Path} is the one the service opened again; writes are accepted.", path);
        }
    }
}

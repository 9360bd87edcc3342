using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>The database cannot be opened or migrated at start (damaged, not a database, unreadable, no
/// room). The message is one line naming the file and the problem; the process exits with <see cref="ExitCode"/>.</summary>
public sealed class DatabaseStartupException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>Distinct from a crash (134) and from a generic failure (1): the data, not the program, needs attention.</summary>
    public const int ExitCode = 3;

    public static DatabaseStartupException For(string path, Exception ex)
    {
        var problem = ex switch
        {
            DbException db => StorageFaults.Describe(db),
            _ => ex.Message.TrimEnd('.'),
        };
        return new DatabaseStartupException(
            $"EventScheduler cannot start: the database {path} cannot be used: {problem}. "
            + "Restore it from a backup, or move it away to start with an empty database.", ex);
    }

    /// <summary>Failures of the file itself (not programming errors), which get the one-line message.</summary>
    public static bool IsAbout(Exception ex) =>
        ex is DbException or IOException or UnauthorizedAccessException or StorageUnavailableException;
}

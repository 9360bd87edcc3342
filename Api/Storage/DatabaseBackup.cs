using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

/// <summary>What a verified backup holds.</summary>
public sealed record BackupResult(string Source, string Target, long Pages, long Bytes, int Migrations, TimeSpan Elapsed);

/// <summary>An online, consistent copy of the SQLite database with SQLite's backup API, while the service keeps
/// writing: the copy is one read snapshot (WAL mode lets writers go on meanwhile), so it holds every transaction
/// committed before the copy began and none half. The copy is written beside the target, verified
/// (<c>PRAGMA integrity_check</c>, and it must be this service's database), turned into a single self-contained
/// file (rollback journal, no <c>-wal</c> beside it) and only then renamed over the target, so a failed backup never
/// leaves a file that looks like one.</summary>
public static class DatabaseBackup
{
    private const string MigrationsSql = "SELECT COUNT(*) FROM schema_migrations";

    /// <exception cref="BackupFailedException">Why there is no backup, in one line.</exception>
    public static async Task<BackupResult> RunAsync(string databasePath, string targetPath, int busyTimeoutMs, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var source = Path.GetFullPath(databasePath);
        var target = Path.GetFullPath(targetPath);
        if (!File.Exists(source))
        {
            throw new BackupFailedException($"there is no database at {source} (check Database:Path).");
        }

        if (new[] { "", "-wal", "-shm", "-journal" }.Any(suffix => string.Equals(target, source + suffix, StringComparison.Ordinal)))
        {
            throw new BackupFailedException($"the target {target} is the database itself; give another file.");
        }

        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw new BackupFailedException($"the directory {directory} does not exist.");
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Environment.ProcessId}.partial");
        try
        {
            await CopyAsync(source, temporary, busyTimeoutMs, ct);
            var (pages, migrations) = await VerifyAsync(temporary, ct);
            File.Move(temporary, target, overwrite: true);
            return new BackupResult(source, target, pages, new FileInfo(target).Length, migrations, Stopwatch.GetElapsedTime(started));
        }
        catch (SqliteException ex)
        {
            throw new BackupFailedException(StorageFaults.Describe(ex), ex);
        }
        catch (IOException ex)
        {
            throw new BackupFailedException(ex.Message, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new BackupFailedException(ex.Message, ex);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
            {
                File.Delete(temporary + suffix);
            }
        }
    }

    private static async Task CopyAsync(string source, string temporary, int busyTimeoutMs, CancellationToken ct)
    {
        // Read-only and without creating anything: a backup never changes (or makes) the database it copies.
        var from = new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var to = new SqliteConnectionStringBuilder { DataSource = temporary, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        await using var sourceConnection = new SqliteConnection(from.ToString());
        await using var targetConnection = new SqliteConnection(to.ToString());
        await sourceConnection.OpenAsync(ct);
        await sourceConnection.ExecuteAsync(new CommandDefinition($"PRAGMA busy_timeout={busyTimeoutMs}", cancellationToken: ct));
        await targetConnection.OpenAsync(ct);
        // sqlite3_backup_step(-1): every page in one step, under one read transaction of the source, so the copy is
        // one consistent snapshot; writers of the running service are not blocked (WAL).
        sourceConnection.BackupDatabase(targetConnection);
        // One self-contained file: the copy leaves WAL mode, so no -wal beside it holds part of the data.
        await targetConnection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=DELETE", cancellationToken: ct));
    }

    private static async Task<(long Pages, int Migrations)> VerifyAsync(string temporary, CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = temporary, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(ct);
        var problems = (await connection.QueryAsync<string>(new CommandDefinition("PRAGMA integrity_check", cancellationToken: ct))).ToList();
        if (problems is not ["ok"])
        {
            throw new BackupFailedException($"the copy failed its integrity check: {string.Join("; ", problems.Take(3))}.");
        }

        int migrations;
        try
        {
            migrations = await connection.ExecuteScalarAsync<int>(new CommandDefinition(MigrationsSql, cancellationToken: ct));
        }
        catch (SqliteException)
        {
            throw new BackupFailedException("the database has no schema_migrations table: it is not an EventScheduler database.");
        }

        var pages = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA page_count", cancellationToken: ct));
        return (pages, migrations);
    }
}

/// <summary>The backup did not happen; the message is the one line the operator reads.</summary>
public sealed class BackupFailedException(string reason, Exception? inner = null) : Exception(reason, inner);

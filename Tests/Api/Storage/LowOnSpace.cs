using System.Diagnostics;

namespace EventScheduler.Tests.Api.Storage;

/// <summary>A database that runs out of room. Preferably a real full disk: a small tmpfs mounted for the test
/// (needs root, as in CI); where mounting is impossible, SQLite's own size limit (<c>Database:MaxSizeMiB</c>,
/// PRAGMA max_page_count on the service's connections), which fails writes with the same SQLITE_FULL.</summary>
public sealed class LowOnSpace : IDisposable
{
    private const int TmpfsMiB = 4;
    private readonly string _directory;
    private readonly bool _mounted;

    private LowOnSpace(string directory, bool mounted)
    {
        _directory = directory;
        _mounted = mounted;
        DatabasePath = Path.Combine(directory, "eventscheduler.db");
        Settings = mounted ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["Database:MaxSizeMiB"] = "1" };
    }

    public string DatabasePath { get; }
    public IDictionary<string, string?> Settings { get; }

    /// <summary>"tmpfs" or "size limit": which fault the test ran with (written to the test output).</summary>
    public string How => _mounted ? $"a {TmpfsMiB} MiB tmpfs" : "the database size limit (tmpfs could not be mounted)";

    private string Filler => Path.Combine(_directory, "filler");

    public static LowOnSpace Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "eventscheduler-tests", "full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var mounted = OperatingSystem.IsLinux() && Run("mount", "-t", "tmpfs", "-o", $"size={TmpfsMiB}m", "tmpfs", directory);
        var space = new LowOnSpace(directory, mounted);
        TestContext.Out.WriteLine($"Out of space by {space.How}.");
        return space;
    }

    /// <summary>Takes the free space left around the database (tmpfs: a file filling the disk; size limit: nothing to do).</summary>
    public void TakeTheRest()
    {
        if (!_mounted)
        {
            return;
        }

        using var filler = new FileStream(Filler, FileMode.Create, FileAccess.Write);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full.
        }
    }

    /// <summary>Gives room back: deletes the filler (tmpfs) or, for the size limit, old change-log rows through an
    /// outside connection without the limit, so their pages are free for the service's next writes.</summary>
    public void Free(ServiceOnFile service)
    {
        if (_mounted)
        {
            File.Delete(Filler);
            return;
        }

        using var outside = service.OutsideConnection();
        using var delete = outside.CreateCommand();
        delete.CommandText = "DELETE FROM changes WHERE entity = 'hospital'";
        delete.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_mounted)
        {
            Run("umount", "-l", _directory);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is disposable.
        }
    }

    private static bool Run(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

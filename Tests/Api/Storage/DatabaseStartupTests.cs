using EventScheduler.Tests.Api.Durability;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Storage;

/// <summary>The real Api process on a database it cannot use: it stops with one line naming the file and the
/// problem on stderr and exit code 3, and no stack trace anywhere. And a database deleted under the running
/// process is reported in its log.</summary>
public sealed class DatabaseStartupTests
{
    private const int DatabaseUnusable = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private string _path = "";

    [SetUp]
    public void NewPath()
    {
        var directory = Path.Combine(Path.GetTempPath(), "eventscheduler-tests");
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, $"{Guid.NewGuid():N}.db");
    }

    [TearDown]
    public void RemoveFiles()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (Directory.Exists(_path + suffix))
            {
                Directory.Delete(_path + suffix);
            }
            else
            {
                File.Delete(_path + suffix);
            }
        }
    }

    [Test]
    public async Task Start_WhenTheFileIsNotADatabase_ExitsWithOneLineNamingTheFile()
    {
        var garbage = new byte[16 * 1024];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(_path, garbage);

        var (exitCode, stdout, stderr) = await ApiProcess.RunToExitAsync(_path, Timeout);

        ExpectOneLineExit(exitCode, stdout, stderr, "not a database");
    }

    [Test]
    public async Task Start_WhenTheSchemaPageIsDamaged_ExitsWithOneLineNamingTheFile()
    {
        CreateDatabaseWithDamagedSchemaPage(_path);

        var (exitCode, stdout, stderr) = await ApiProcess.RunToExitAsync(_path, Timeout);

        ExpectOneLineExit(exitCode, stdout, stderr, "malformed");
    }

    [Test]
    public async Task Start_WhenThePathIsADirectory_ExitsWithOneLineNamingTheFile()
    {
        Directory.CreateDirectory(_path);

        var (exitCode, stdout, stderr) = await ApiProcess.RunToExitAsync(_path, Timeout);

        ExpectOneLineExit(exitCode, stdout, stderr, "unable to open");
    }

    [Test]
    public async Task Log_WhenTheDatabaseFileIsDeletedAtRunTime_SaysWhatHappened()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("The file identity check uses Linux's statx.");
        }

        using var api = await ApiProcess.StartAsync(_path, "test-bootstrap-admin-key", Timeout);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }

        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        var health = await client.GetAsync("/health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await health.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!api.RecentOutput().Contains($"The database file {_path} was deleted", StringComparison.Ordinal))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"no log line about the deletion:\n{api.RecentOutput()}");
            await Task.Delay(50);
        }
    }

    private void ExpectOneLineExit(int exitCode, string stdout, string stderr, string problem)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(DatabaseUnusable), $"stdout:\n{stdout}\nstderr:\n{stderr}");
            Assert.That(lines, Has.Length.EqualTo(1), $"stderr:\n{stderr}");
            Assert.That(lines.FirstOrDefault(), Does.Contain(_path).And.Contain(problem).IgnoreCase);
            Assert.That(stdout + stderr, Does.Not.Contain("Exception").And.Not.Contain("   at "), "no stack trace");
        });
    }

    /// <summary>A real database whose first page (the schema table) is overwritten past the 100-byte file header.</summary>
    private static void CreateDatabaseWithDamagedSchemaPage(string path)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');";
            create.ExecuteNonQuery();
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Seek(100, SeekOrigin.Begin);
        var noise = new byte[2000];
        new Random(11).NextBytes(noise);
        file.Write(noise);
    }
}

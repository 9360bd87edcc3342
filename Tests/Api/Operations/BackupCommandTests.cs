using EventScheduler.Api;
using EventScheduler.Api.Operations;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Operations;

/// <summary>The <c>backup</c> verb's answers, run on a built (not started) host as <c>Program</c> does: one line and exit 0
/// for a verified copy; one line on stderr and a non-zero exit, and no file at the target, for every failure.</summary>
public sealed class BackupCommandTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "eventscheduler-backup", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void Parse_WhenBackupIsGivenAFile_IsTheBackupVerb()
    {
        var command = CommandLine.Parse(["backup", "/srv/backups/es.db", "--Database:Path=/srv/es.db"]);

        Assert.Multiple(() =>
        {
            Assert.That(command.Verb, Is.EqualTo("backup"));
            Assert.That(command.VerbArguments, Is.EqualTo(new[] { "/srv/backups/es.db" }));
            Assert.That(command.HostArguments, Is.EqualTo(new[] { "--Database:Path=/srv/es.db" }));
        });
    }

    [Test]
    public async Task Backup_WhenTheDatabaseIsHealthy_WritesAVerifiedCopyAndSaysSo()
    {
        var database = await CreateDatabaseAsync();
        var target = Path.Combine(_directory, "copy.db");

        var (exit, output, error) = await RunAsync(database, target);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.StartWith("Backed up ").And.Contain("integrity ok"));
        using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        copy.Open();
        using var count = copy.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM hospitals WHERE name = 'Backed up hospital'";
        Assert.That(count.ExecuteScalar(), Is.EqualTo(1L));
    }

    [Test]
    public async Task Backup_WhenThereIsNoDatabase_FailsWithoutCreatingOne()
    {
        var database = Path.Combine(_directory, "missing.db");
        var target = Path.Combine(_directory, "copy.db");

        var (exit, _, error) = await RunAsync(database, target);

        Assert.That(exit, Is.EqualTo(BackupCommand.Failed));
        Assert.That(error.Trim(), Does.StartWith("Backup failed: there is no database at").And.Contain(database));
        Assert.That(File.Exists(database), Is.False, "a backup never creates the database");
        Assert.That(File.Exists(target), Is.False);
    }

    [Test]
    public async Task Backup_WhenTheTargetIsTheDatabaseItself_Refuses()
    {
        var database = await CreateDatabaseAsync();
        var before = await File.ReadAllBytesAsync(database);

        var (exit, _, error) = await RunAsync(database, database);

        Assert.That(exit, Is.EqualTo(BackupCommand.Failed));
        Assert.That(error, Does.Contain("is the database itself"));
        Assert.That(await File.ReadAllBytesAsync(database), Is.EqualTo(before));
    }

    [Test]
    public async Task Backup_WhenTheTargetDirectoryDoesNotExist_FailsNamingIt()
    {
        var database = await CreateDatabaseAsync();
        var target = Path.Combine(_directory, "no-such-dir", "copy.db");

        var (exit, _, error) = await RunAsync(database, target);

        Assert.That(exit, Is.EqualTo(BackupCommand.Failed));
        Assert.That(error, Does.Contain("does not exist").And.Contain("no-such-dir"));
    }

    [Test]
    public async Task Backup_WhenTheDatabaseIsNotADatabase_FailsAndLeavesNoCopy()
    {
        var database = Path.Combine(_directory, "garbage.db");
        await File.WriteAllBytesAsync(database, Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        var target = Path.Combine(_directory, "copy.db");

        var (exit, _, error) = await RunAsync(database, target);

        Assert.That(exit, Is.EqualTo(BackupCommand.Failed));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error, Does.Contain("not a database"));
        Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "garbage.db" }), "no copy, no partial file");
    }

    [Test]
    public async Task Backup_WhenTheDatabaseIsNotThisServices_Fails()
    {
        var database = Path.Combine(_directory, "other.db");
        using (var other = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            other.Open();
            using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE notes (text TEXT)";
            create.ExecuteNonQuery();
        }

        var (exit, _, error) = await RunAsync(database, Path.Combine(_directory, "copy.db"));

        Assert.That(exit, Is.EqualTo(BackupCommand.Failed));
        Assert.That(error, Does.Contain("not an EventScheduler database"));
    }

    [Test]
    public async Task Backup_WhenTheDatabaseIsPostgres_SaysToUsePgDump()
    {
        var (exit, _, error) = await RunAsync(Path.Combine(_directory, "unused.db"), Path.Combine(_directory, "copy.db"), "--Database:Provider=postgres");

        Assert.That(exit, Is.EqualTo(BackupCommand.Failed));
        Assert.That(error, Does.Contain("pg_dump"));
    }

    [Test]
    public async Task Backup_WhenNoFileIsGiven_ShowsUsage()
    {
        var app = ApiApplication.Build([$"--Database:Path={Path.Combine(_directory, "x.db")}"]);
        await using var _ = app;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await BackupCommand.RunAsync(app.Services, [], output, error, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(BackupCommand.Usage));
        Assert.That(error.ToString(), Does.StartWith("Usage:"));
    }

    private async Task<string> CreateDatabaseAsync()
    {
        var path = Path.Combine(_directory, "eventscheduler.db");
        using var factory = new ApiFactory(databasePath: path) { KeepDatabase = true };
        using var admin = factory.ClientWithKey(ApiFactory.AdminKey);
        var created = await admin.PostAsJsonAsync("/hospitals", new { name = "Backed up hospital", city = "Xi'an", province = "Shaanxi", allianceRole = "member" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string database, string target, params string[] settings)
    {
        var app = ApiApplication.Build([$"--Database:Path={database}", .. settings]);
        await using var _ = app;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BackupCommand.RunAsync(app.Services, [target], output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}

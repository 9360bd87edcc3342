using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Storage;

/// <summary>The database file deleted or replaced under the running service: every write is refused with 503,
/// /health says why, and nothing is acknowledged that a restart on the path would not find.</summary>
public sealed class DatabaseIdentityTests
{
    [SetUp]
    public void RequireIdentityChecks()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("The file identity check uses Linux's statx; elsewhere an open SQLite file cannot be deleted (Windows) or the check is off.");
        }
    }

    [Test]
    public async Task Writes_WhenTheDatabaseFileWasDeleted_Answer503()
    {
        using var service = await ServiceOnFile.StartAsync();
        var meeting = await service.CreateOpenMeetingAsync();

        DeleteDatabaseFiles(service.DatabasePath);

        await ServiceOnFile.ExpectUnavailableAsync(await service.PostHospitalAsync(), "POST /hospitals");
        await ServiceOnFile.ExpectUnavailableAsync(await service.RenameMeetingAsync(meeting), "PATCH /meetings/{id}");
        await ServiceOnFile.ExpectUnavailableAsync(await service.SignUpAsync(meeting), "sign-up (the registration writer's batch)");
    }

    [Test]
    public async Task Health_WhenTheDatabaseFileWasDeleted_Answers503NamingTheFile()
    {
        using var service = await ServiceOnFile.StartAsync();

        DeleteDatabaseFiles(service.DatabasePath);

        var body = await ServiceOnFile.ExpectUnavailableAsync(await service.Anonymous.GetAsync("/health"), "GET /health");
        Assert.That(body["database"]!.GetValue<string>(), Is.EqualTo("replaced"));
        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(service.DatabasePath).And.Contain("deleted"));
    }

    [Test]
    public async Task Writes_WhenTheDatabaseFileWasReplaced_Answer503()
    {
        using var service = await ServiceOnFile.StartAsync();
        var meeting = await service.CreateOpenMeetingAsync();

        ReplaceWithCopy(service);

        await ServiceOnFile.ExpectUnavailableAsync(await service.PostHospitalAsync(), "POST /hospitals");
        await ServiceOnFile.ExpectUnavailableAsync(await service.SignUpAsync(meeting), "sign-up (the registration writer's batch)");
    }

    [Test]
    public async Task Health_WhenTheDatabaseFileWasReplaced_Answers503NamingTheFile()
    {
        using var service = await ServiceOnFile.StartAsync();

        ReplaceWithCopy(service);

        var body = await ServiceOnFile.ExpectUnavailableAsync(await service.Anonymous.GetAsync("/health"), "GET /health");
        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(service.DatabasePath).And.Contain("replaced"));
    }

    [Test]
    public async Task Restart_AfterTheFileWasReplaced_FindsEveryWriteAcknowledgedSinceTheReplacement()
    {
        var path = Path.Combine(Path.GetTempPath(), "eventscheduler-tests", $"{Guid.NewGuid():N}.db");
        var acknowledged = new List<Guid>();
        using (var service = await ServiceOnFile.StartAsync(databasePath: path))
        {
            var meeting = await service.CreateOpenMeetingAsync();
            // A restore done as the README says (backup over the file, old -wal and -shm removed), but while the service runs.
            ReplaceWithCopy(service, removeLog: true);
            for (var i = 0; i < 20; i++)
            {
                var hospital = await service.PostHospitalAsync();
                if (hospital.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add((await hospital.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<Guid>());
                }

                var signUp = await service.SignUpAsync(meeting);
                if (signUp.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add((await signUp.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<Guid>());
                }
            }
        }

        try
        {
            using var restarted = await ServiceOnFile.StartAsync(databasePath: path);
            using var outside = restarted.OutsideConnection();
            var missing = acknowledged.Where(id => !Exists(outside, id)).ToList();
            Assert.That(missing, Is.Empty, $"{missing.Count} of {acknowledged.Count} acknowledged writes are not in the file a restart opens");
        }
        finally
        {
            DeleteDatabaseFiles(path);
        }
    }

    private static bool Exists(SqliteConnection connection, Guid id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM hospitals WHERE id = $id) + (SELECT COUNT(*) FROM registrations WHERE id = $id)";
        command.Parameters.AddWithValue("$id", id.ToString());
        return (long)command.ExecuteScalar()! > 0;
    }

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    /// <summary>What restoring a backup over the running file does: a consistent copy moved over the path (a new inode).</summary>
    private static void ReplaceWithCopy(ServiceOnFile service, bool removeLog = false)
    {
        var copy = service.DatabasePath + ".copy";
        using (var outside = service.OutsideConnection())
        using (var vacuum = outside.CreateCommand())
        {
            vacuum.CommandText = $"VACUUM INTO '{copy}'";
            vacuum.ExecuteNonQuery();
        }

        File.Move(copy, service.DatabasePath, overwrite: true);
        if (removeLog)
        {
            File.Delete(service.DatabasePath + "-wal");
            File.Delete(service.DatabasePath + "-shm");
        }
    }
}

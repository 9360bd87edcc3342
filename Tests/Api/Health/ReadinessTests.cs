using System.Diagnostics;
using EventScheduler.Api.Storage;
using EventScheduler.Tests.Api.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Health;

/// <summary>GET /health/live answers while the process does; GET /health/ready answers 200 only while the database
/// answers and takes writes, the migrations are applied, the workers run and the file is the one opened. Each
/// condition is broken for real here (a service per test) and must make readiness fail, naming it.</summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Ready_WhenEverythingWorks_Answers200WithEveryCheckOk()
    {
        using var service = await ServiceOnFile.StartAsync();

        var response = await service.Anonymous.GetAsync("/health/ready");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var checks = (await response.Content.ReadFromJsonAsync<JsonNode>())!["checks"]!.AsObject();
        Assert.That(checks.Select(c => $"{c.Key}={c.Value}"),
            Is.EquivalentTo(new[] { "database=ok", "writable=ok", "migrations=ok", "workers=ok", "identity=ok" }));
    }

    [Test]
    public async Task Live_WhenTheDatabaseIsLocked_StillAnswers200()
    {
        using var service = await ServiceOnFile.StartAsync();
        using var outside = service.OutsideConnection();
        using var hold = outside.BeginTransaction(deferred: false);

        var live = await service.Anonymous.GetAsync("/health/live");

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await live.Content.ReadFromJsonAsync<JsonNode>())!["status"]!.GetValue<string>(), Is.EqualTo("live"));
    }

    [Test]
    public async Task Ready_WhenAnotherProcessHoldsTheWriteLock_FailsWritable()
    {
        using var service = await ServiceOnFile.StartAsync();
        using var outside = service.OutsideConnection();
        using var hold = outside.BeginTransaction(deferred: false);

        var body = await NotReadyAsync(service, "writable");

        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain("does not take writes"));
    }

    [Test]
    public async Task Ready_WhenTheWriteLockIsReleased_IsReadyAgain()
    {
        using var service = await ServiceOnFile.StartAsync();
        using (var outside = service.OutsideConnection())
        using (outside.BeginTransaction(deferred: false))
        {
            await NotReadyAsync(service, "writable");
        }

        await ReadyAsync(service);
    }

    [Test]
    public async Task Ready_WhenAMigrationIsNotApplied_FailsMigrations()
    {
        using var service = await ServiceOnFile.StartAsync();
        var last = Migrator.Embedded()[^1];
        using (var outside = service.OutsideConnection())
        {
            using var delete = outside.CreateCommand();
            delete.CommandText = $"DELETE FROM schema_migrations WHERE version = {last.Version}";
            Assert.That(delete.ExecuteNonQuery(), Is.EqualTo(1));
        }

        var body = await NotReadyAsync(service, "migrations");

        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(last.Name));
    }

    [Test]
    public async Task Ready_WhenTheDatabaseWasMigratedByANewerVersion_FailsMigrations()
    {
        using var service = await ServiceOnFile.StartAsync();
        using (var outside = service.OutsideConnection())
        {
            using var insert = outside.CreateCommand();
            insert.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_from_the_future', 0)";
            insert.ExecuteNonQuery();
        }

        var body = await NotReadyAsync(service, "migrations");

        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain("9999").And.Contain("newer version"));
    }

    [Test]
    public async Task Ready_WhenTheRegistrationWriterHasStopped_FailsWorkers()
    {
        using var service = await ServiceOnFile.StartAsync();
        await service.Factory.Services.GetRequiredService<RegistrationWriter>().StopAsync(CancellationToken.None);

        var body = await NotReadyAsync(service, "workers");

        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(nameof(RegistrationWriter)));
    }

    [Test]
    public async Task Ready_WhenTheDatabaseFileIsReplaced_FailsIdentity()
    {
        using var service = await ServiceOnFile.StartAsync();
        var path = service.DatabasePath;
        File.Move(path, path + ".moved");
        File.Copy(path + ".moved", path);

        var body = await NotReadyAsync(service, "identity");

        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(path));
    }

    [Test]
    public async Task Ready_WhenTheDatabaseFileIsGone_FailsDatabase()
    {
        using var service = await ServiceOnFile.StartAsync();
        var path = service.DatabasePath;
        File.Move(path, path + ".gone");
        // Pooled connections still hold the old file open; a new one must find nothing there.
        SqliteConnection.ClearAllPools();

        await NotReadyAsync(service, "database");
    }

    [Test]
    public async Task Health_WhenReadinessFails_KeepsItsOwnAnswer()
    {
        using var service = await ServiceOnFile.StartAsync();
        using var outside = service.OutsideConnection();
        using var hold = outside.BeginTransaction(deferred: false);
        await NotReadyAsync(service, "writable");

        var health = await service.Anonymous.GetAsync("/health");

        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "GET /health reads; a held write lock does not make it fail");
    }

    /// <summary>Polls until readiness fails (a verdict is shared for a second), then checks the problem names <paramref name="check"/>.</summary>
    private static async Task<JsonNode> NotReadyAsync(ServiceOnFile service, string check)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var response = await service.Anonymous.GetAsync("/health/ready");
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
                Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null, "Retry-After");
                var body = JsonNode.Parse(text)!;
                Assert.That(body["code"]!.GetValue<string>(), Is.EqualTo("not_ready"), text);
                Assert.That(body["failing"]!.AsArray().Select(f => f!.GetValue<string>()), Does.Contain(check), text);
                return body;
            }

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            Assert.That(watch.Elapsed, Is.LessThan(Deadline), $"still ready after {Deadline}: {text}");
            await Task.Delay(100);
        }
    }

    private static async Task ReadyAsync(ServiceOnFile service)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var response = await service.Anonymous.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.That(watch.Elapsed, Is.LessThan(Deadline), $"not ready after {Deadline}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }
}

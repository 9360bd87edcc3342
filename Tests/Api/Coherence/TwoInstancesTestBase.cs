using System.Data.Common;
using EventScheduler.Tests.Api.Programme;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EventScheduler.Tests.Api.Coherence;

/// <summary>Two instances of the application on one database (a SQLite file, or one PostgreSQL database: each
/// fixture runs on both, see <see cref="StorageProviders.Both"/>), as during a rolling restart or behind a proxy:
/// <see cref="ApiTestBase.Factory"/> is instance A, <see cref="FactoryB"/> instance B. Whatever must hold across
/// processes is set up on one and checked on the other.</summary>
public abstract class TwoInstancesTestBase : ProgrammeTestBase
{
    protected TwoInstancesTestBase(string provider)
        : base(provider)
    {
    }

    /// <summary>How long a change made on A may take to show on B: the promise is 1 s; the rest is slack for a
    /// loaded test machine. Without coherence through the database B stays stale for 30 s or for ever.</summary>
    protected static readonly TimeSpan Within = TimeSpan.FromSeconds(3);

    /// <summary>No webhook worker: its polling writes would refresh each instance's caches by themselves and hide
    /// whether a change of the other instance is noticed.</summary>
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Webhooks:Enabled"] = "false" };

    protected ApiFactory FactoryB { get; private set; } = null!;
    protected HttpClient AnonymousB { get; private set; } = null!;
    protected HttpClient OrganiserB { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartSecondInstance()
    {
        // A owns the file (deletes it at the end); B only opens it. On PostgreSQL both use the fixture's database.
        FactoryB = new ApiFactory(Settings, Factory.DatabasePath, Factory.PostgresConnectionString) { KeepDatabase = true };
        AnonymousB = FactoryB.ClientWithKey(null);
        OrganiserB = FactoryB.ClientWithKey(Organiser.DefaultRequestHeaders.GetValues("X-Api-Key").Single());
    }

    [OneTimeTearDown]
    public void StopSecondInstance()
    {
        AnonymousB.Dispose();
        OrganiserB.Dispose();
        FactoryB.Dispose();
    }

    /// <summary>A connection of the test's own to the fixture's database (no pool: it must not outlive the test),
    /// outside both instances, e.g. to count rows or to hold the write lock.</summary>
    protected async Task<DbConnection> OpenDatabaseAsync()
    {
        DbConnection connection = Factory.PostgresConnectionString is { } postgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false }.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Factory.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Settings that put a separate Api process (<see cref="Durability.ApiProcess"/>) on the fixture's
    /// database: its file is passed as the path, PostgreSQL needs the provider and connection string.</summary>
    protected IReadOnlyDictionary<string, string?>? ProcessSettings => Factory.PostgresConnectionString is { } postgres
        ? new Dictionary<string, string?> { ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = postgres }
        : null;

    /// <summary>Polls <paramref name="condition"/> until it holds or <see cref="Within"/> has passed.</summary>
    protected static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventScheduler.Tests.Api;

/// <summary>The real application over real HTTP handlers, on its own SQLite file, or with
/// <paramref name="postgresConnectionString"/> on a PostgreSQL database (see <see cref="Postgres.PostgresCluster"/>).</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-bootstrap-admin-key";

    /// <param name="databasePath">An existing database file to run on (e.g. to restart the service on the
    /// data of a disposed factory); default: a new temporary file.</param>
    public ApiFactory(IDictionary<string, string?>? settings = null, string? databasePath = null, string? postgresConnectionString = null)
    {
        PostgresConnectionString = postgresConnectionString;
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), "eventscheduler-tests", $"{Guid.NewGuid():N}.db");
        Settings = settings ?? new Dictionary<string, string?>();
    }

    public string DatabasePath { get; }

    /// <summary>Set when the application runs on PostgreSQL (then <see cref="DatabasePath"/> is unused).</summary>
    public string? PostgresConnectionString { get; }

    public string Provider => PostgresConnectionString is null ? StorageProviders.Sqlite : StorageProviders.Postgres;

    /// <summary>Leave the database file behind on dispose, for a factory started on it next.</summary>
    public bool KeepDatabase { get; set; }
    public TestClock Clock { get; } = new();

    /// <summary>More service registrations for one test's host (e.g. an in-memory trace exporter).</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }
    private IDictionary<string, string?> Settings { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Path", DatabasePath);
        if (PostgresConnectionString is not null)
        {
            builder.UseSetting("Database:Provider", "postgres");
            builder.UseSetting("Database:ConnectionString", PostgresConnectionString);
        }

        builder.UseSetting("Auth:BootstrapAdminKey", AdminKey);
        // Every test client shares one address; the rate-limit tests switch limits on with tiny budgets.
        builder.UseSetting("RateLimiting:Enabled", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            ConfigureTestServices?.Invoke(services);
        });
    }

    public HttpClient ClientWithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        if (disposing && !KeepDatabase)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try
                {
                    File.Delete(DatabasePath + suffix);
                }
                catch (IOException)
                {
                    // A pooled connection may still hold the file for a moment; the temp folder is disposable.
                }
            }
        }
    }
}

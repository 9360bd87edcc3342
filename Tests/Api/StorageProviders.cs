namespace EventScheduler.Tests.Api;

/// <summary>The storage providers a fixture can run on. A fixture marked
/// <c>[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]</c> runs once on each (its name
/// shows which: <c>SignUpTests("postgres")</c>); every other fixture runs on <see cref="Default"/>, which is SQLite
/// unless <c>ES_TEST_PROVIDER=postgres</c> puts the whole suite on PostgreSQL.</summary>
public static class StorageProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static readonly object[] Both = [Sqlite, Postgres];

    public static string Default =>
        string.Equals(Environment.GetEnvironmentVariable("ES_TEST_PROVIDER"), Postgres, StringComparison.OrdinalIgnoreCase) ? Postgres : Sqlite;
}

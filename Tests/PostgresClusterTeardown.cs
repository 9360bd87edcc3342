using EventScheduler.Tests.Api.Postgres;

namespace EventScheduler.Tests;

/// <summary>Stops the run's PostgreSQL cluster (if a test started one) when every test has run, passed or failed.</summary>
[SetUpFixture]
public sealed class PostgresClusterTeardown
{
    [OneTimeTearDown]
    public void StopCluster() => PostgresCluster.Stop();
}

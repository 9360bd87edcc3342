using Npgsql;

namespace EventScheduler.Tests.Api.Postgres;

/// <summary>The PostgreSQL provider's own behaviour: the write lock every write transaction takes is the one a
/// second process would hold (so a writer outliving <c>Database:BusyTimeoutMs</c> gives 503, not a race), and
/// readiness is honest about the server.</summary>
public sealed class PostgresStorageTests : ApiTestBase
{
    public PostgresStorageTests()
        : base(StorageProviders.Postgres)
    {
    }

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Database:BusyTimeoutMs"] = "300" };

    [Test]
    public async Task Write_WhileAnotherSessionHoldsTheWriteLock_Answers503ThenSucceedsOnceReleased()
    {
        var body = new { name = Unique("Locked out"), city = "Xi'an", province = "Shaanxi", allianceRole = "member" };
        await using (var other = new NpgsqlConnection(Factory.PostgresConnectionString))
        {
            await other.OpenAsync();
            await using var tx = await other.BeginTransactionAsync();
            // What any instance's write transaction takes first (PostgresDialect).
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(4576536301)", other, tx))
            {
                await lockCommand.ExecuteNonQueryAsync();
            }

            var refused = await Organiser.PostAsJsonAsync("/hospitals", body);
            await ExpectProblem(refused, HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
            var list = await Json(await Organiser.GetAsync("/hospitals?limit=200"));
            Assert.That(list["items"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()), Does.Not.Contain(body.name), "reads go on; nothing was saved");
        }

        await Expect(await Organiser.PostAsJsonAsync("/hospitals", body), HttpStatusCode.Created);
    }

    [Test]
    public async Task Ready_OnPostgres_ReportsEveryCheckOk()
    {
        var response = await Anonymous.GetAsync("/health/ready");

        await Expect(response, HttpStatusCode.OK);
        var checks = (await Json(response))["checks"]!;
        Assert.Multiple(() =>
        {
            foreach (var check in new[] { "database", "writable", "migrations", "identity" })
            {
                Assert.That(checks[check]?.GetValue<string>(), Is.EqualTo("ok"), check);
            }
        });
    }
}

using EventScheduler.Api.Storage;
using EventScheduler.Tests.Api.Registrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventScheduler.Tests.Api.Postgres;

/// <summary>On PostgreSQL a statement that fails aborts its whole transaction. The registration writer commits many
/// sign-ups in one transaction, so one sign-up the database refuses must fail alone: every other sign-up of its
/// batch is still saved and answered, and none is answered without being saved.</summary>
public sealed class WriterBatchOnPostgresTests : RegistrationTestBase
{
    // What any instance's write transaction takes first (PostgresDialect): holding it makes the writer queue a batch.
    private const long WriteLockKey = 4576536301;

    public WriterBatchOnPostgresTests()
        : base(StorageProviders.Postgres)
    {
    }

    [Test]
    public async Task SignUpBatch_WhenTheDatabaseRefusesOneSignUp_SavesAndAnswersAllTheOthers()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 100);
        await using var admin = new NpgsqlConnection(Factory.PostgresConnectionString);
        await admin.OpenAsync();
        // A real refusal by the server, for one attendee's row only (what a constraint or trigger the domain does not know would do).
        await Execute(admin, """
            CREATE FUNCTION test_refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.full_name LIKE 'Dr Boom%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER test_refuse_boom BEFORE INSERT ON registrations FOR EACH ROW EXECUTE FUNCTION test_refuse_boom();
            """);

        var writer = Factory.Services.GetRequiredService<RegistrationWriter>();
        Task<HttpResponseMessage> first;
        var rest = new List<(string Name, Task<HttpResponseMessage> Answer)>();
        await using (var holder = new NpgsqlConnection(Factory.PostgresConnectionString))
        {
            await holder.OpenAsync();
            await Execute(holder, $"SELECT pg_advisory_lock({WriteLockKey})");
            // The first sign-up's batch waits for the lock; everything sent meanwhile queues into the next batch.
            first = PostSignUpAsync(Organiser, meeting, SignUpBody(name: "Dr First"));
            await WaitUntil(async () => await CountWaitingForAdvisoryLockAsync(admin) >= 1, "the writer waits for the write lock");
            foreach (var name in new[] { "Dr A1", "Dr A2", "Dr A3", "Dr A4", "Dr A5", "Dr Boom", "Dr B1", "Dr B2", "Dr B3", "Dr B4", "Dr B5" })
            {
                rest.Add((name, PostSignUpAsync(Organiser, meeting, SignUpBody(name: name))));
                await WaitUntil(() => Task.FromResult(writer.QueueLength >= rest.Count), "the sign-up is queued behind the held batch");
            }

            await Execute(holder, $"SELECT pg_advisory_unlock({WriteLockKey})");
        }

        await Expect(await first, HttpStatusCode.Created);
        foreach (var (name, answer) in rest)
        {
            var response = await answer;
            if (name == "Dr Boom")
            {
                Assert.That((int)response.StatusCode, Is.GreaterThanOrEqualTo(500), "the refused sign-up fails");
            }
            else
            {
                await Expect(response, HttpStatusCode.Created);
            }
        }

        var saved = await QueryDatabaseAsync<string>("SELECT full_name FROM registrations WHERE meeting_id = @MeetingId ORDER BY seq",
            new { MeetingId = meeting.ToString() });
        Assert.That(saved, Is.EqualTo(new[] { "Dr First" }.Concat(rest.Select(r => r.Name).Where(n => n != "Dr Boom"))), "every answered sign-up is saved, in arrival order");
        var summary = await Json(await Organiser.GetAsync($"/meetings/{meeting}/registrations/summary"));
        Assert.That(summary.ToJsonString(), Does.Contain("\"confirmed\":11"), "the counters count what was saved");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountWaitingForAdvisoryLockAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(8);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(10);
        }
    }
}

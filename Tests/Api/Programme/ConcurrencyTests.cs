namespace EventScheduler.Tests.Api.Programme;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class ConcurrencyTests : ProgrammeTestBase
{
    public ConcurrencyTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task Create_When50ConcurrentOverlappingCasesForOneSurgeon_ExactlyOneSucceeds()
    {
        var surgeon = await CreateFacultyAsync();
        var m = await NewMeetingAsync();
        // Different channels, so the only rule that can stop them is the surgeon's double booking.
        var bodies = Enumerable.Range(0, 50).Select(i => Case(m, i, 120 + i, surgeon, m.HostHospitalId, channel: $"theatre-{i}")).ToList();

        // Real parallelism: enough pool threads that all 50 requests are in flight together (the in-memory
        // test server and SQLite run much of a request synchronously, so two default pool threads would
        // serialise them and hide a race).
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        HttpResponseMessage[] responses;
        try
        {
            using var start = new ManualResetEventSlim();
            var requests = bodies.Select(body => Task.Run(() =>
            {
                start.Wait();
                return PostSlotAsync(m.Id, body);
            })).ToList();
            start.Set();
            responses = await Task.WhenAll(requests);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }

        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        var conflicts = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(1), string.Join(", ", responses.Select(r => (int)r.StatusCode)));
            Assert.That(conflicts, Has.Count.EqualTo(49));
        });
        var winner = await Json(responses.Single(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var conflict in conflicts)
        {
            var problem = await ExpectProblem(conflict, HttpStatusCode.Conflict, "faculty_double_booked");
            Assert.That(problem["conflictingSlotId"]!.GetValue<Guid>(), Is.EqualTo(winner["id"]!.GetValue<Guid>()));
        }

        var stored = await Json(await Organiser.GetAsync($"/meetings/{m.Id}/slots?limit=200"));
        Assert.That(stored["items"]!.AsArray(), Has.Count.EqualTo(1));
    }
}

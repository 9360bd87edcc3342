namespace EventScheduler.Tests.Api.Programme;

public sealed class ConcurrencyTests : ProgrammeTestBase
{
    [Test]
    public async Task Create_When50ConcurrentOverlappingCasesForOneSurgeon_ExactlyOneSucceeds()
    {
        var surgeon = await CreateFacultyAsync();
        var m = await NewMeetingAsync();
        // Different channels, so the only rule that can stop them is the surgeon's double booking.
        var bodies = Enumerable.Range(0, 50).Select(i => Case(m, i, 120 + i, surgeon, m.HostHospitalId, channel: $"theatre-{i}")).ToList();

        using var start = new SemaphoreSlim(0);
        var requests = bodies.Select(async body =>
        {
            await start.WaitAsync();
            return await PostSlotAsync(m.Id, body);
        }).ToList();
        start.Release(bodies.Count);
        var responses = await Task.WhenAll(requests);

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

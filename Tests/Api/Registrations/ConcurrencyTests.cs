using EventScheduler.Api.Registrations;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>No overbooking under concurrent load, through the real pipeline and a file database.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class ConcurrencyTests : RegistrationTestBase
{
    public ConcurrencyTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task SignUp_When200ConcurrentFor20Seats_Confirms20AndWaitlists180InArrivalOrder()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 20);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => PostSignUpAsync(Anonymous, meeting, SignUpBody("in_person"))));

        Assert.That(responses.Select(r => (int)r.StatusCode), Is.All.EqualTo(201), "no 5xx, no refusals");
        var created = await Task.WhenAll(responses.Select(Json));
        var all = await ListAllAsync(meeting);
        var confirmed = all.Where(r => Status(r) == "confirmed").ToList();
        var waitlisted = all.Where(r => Status(r) == "waitlisted").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Count.EqualTo(200));
            Assert.That(confirmed, Has.Count.EqualTo(20));
            Assert.That(waitlisted, Has.Count.EqualTo(180));
            Assert.That(created.Count(r => Status(r) == "confirmed"), Is.EqualTo(20), "what the callers were told");
            // The list is in arrival order: the first 20 arrivals hold the seats, then positions 1..180.
            Assert.That(all.Take(20).Select(Status), Is.All.EqualTo("confirmed"));
            Assert.That(waitlisted.Select(r => Position(r)), Is.EqualTo(Enumerable.Range(1, 180).Select(i => (int?)i)));
            // Each caller was told the position it still has.
            var told = created.Where(r => Status(r) == "waitlisted").ToDictionary(Id, Position);
            Assert.That(waitlisted.All(r => told[Id(r)] == Position(r)), Is.True);
            Assert.That(confirmed.Select(r => r["checkInCode"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(20));
        });
    }

    [Test]
    public async Task CancelAndSignUp_When30CancellationsRace30SignUps_SeatsStayFullAndPromotionsFollowArrival()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 30);
        var holders = new List<JsonNode>();
        for (var i = 0; i < 30; i++)
        {
            holders.Add(await SignUpAsync(meeting));
        }

        var early = new List<JsonNode>();
        for (var i = 0; i < 10; i++)
        {
            early.Add(await SignUpAsync(meeting));
        }

        Assert.That(early.Select(Status), Is.All.EqualTo("waitlisted"));

        var cancels = holders.Select(h => WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(h)}/cancel", Token(h)));
        var signUps = Enumerable.Range(0, 30).Select(_ => PostSignUpAsync(Anonymous, meeting, SignUpBody("in_person")));
        var results = await Task.WhenAll(cancels.Concat(signUps));

        Assert.That(results.Select(r => (int)r.StatusCode), Is.All.AnyOf(200, 201), "no 5xx");
        var all = await ListAllAsync(meeting);
        var confirmed = all.Where(r => Status(r) == "confirmed").ToList();
        var waitlisted = all.Where(r => Status(r) == "waitlisted").ToList();
        var seq = all.ToDictionary(Id, r => all.IndexOf(r));
        Assert.Multiple(() =>
        {
            Assert.That(confirmed, Has.Count.EqualTo(30), "every freed seat was passed on");
            Assert.That(all.Count(r => Status(r) == "cancelled"), Is.EqualTo(30));
            Assert.That(waitlisted, Has.Count.EqualTo(10));
            // The ten who waited before the race were promoted first.
            Assert.That(early.Select(e => Status(all.Single(r => Id(r) == Id(e)))), Is.All.EqualTo("confirmed"));
            // Nobody still waiting arrived before anybody promoted from the list: FIFO.
            Assert.That(waitlisted.Min(r => seq[Id(r)]), Is.GreaterThan(confirmed.Max(r => seq[Id(r)])));
            Assert.That(waitlisted.Select(r => Position(r)), Is.EqualTo(Enumerable.Range(1, 10).Select(i => (int?)i)));
        });

        var summary = await Json(await Organiser.GetAsync($"/meetings/{meeting}/registrations/summary"));
        Assert.That(summary["inPerson"]!["confirmed"]!.GetValue<int>(), Is.EqualTo(30));
        Assert.That(summary["inPerson"]!["available"]!.GetValue<int>(), Is.EqualTo(0));
    }

    [Test]
    public async Task SignUp_WhenSameEmailSentConcurrently_CreatesOneRegistration()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 5);
        var email = $"{Guid.NewGuid():N}@example.cn";

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostSignUpAsync(Anonymous, meeting, SignUpBody("in_person", email))));

        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(19), "duplicates fail alone, not their batch");
        });
    }

    [Test]
    public async Task Writer_WhenACommandFailsAfterTakingASeat_TheNextInItsBatchStillGetsTheSeat()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var writer = Factory.Services.GetRequiredService<RegistrationWriter>();

        // The first command holds the writer until the next two are queued, so they are taken as one batch.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = writer.SubmitAsync(new WaitCommand(release.Task));
        var failing = writer.SubmitAsync(new SignUpThenFail(meeting));
        var next = writer.SubmitAsync(new SignUpCommand(meeting, Someone(), AttendanceMode.InPerson, new string('a', 64), null, true));
        release.SetResult();

        await blocker;
        Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.That((await next).Registration.Status, Is.EqualTo(RegistrationStatus.Confirmed), "the rolled-back sign-up gave its seat back");
        Assert.That(Status(await SignUpAsync(meeting)), Is.EqualTo("waitlisted"), "and the stored counts agree");
    }

    private static Attendee Someone() => Attendee.Create("A", $"{Guid.NewGuid():N}@example.cn", null, null, "H", "J", "S");

    private sealed class WaitCommand(Task until) : RegistrationCommand<int>
    {
        protected override async Task<int> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
        {
            await until;
            return 0;
        }
    }

    private sealed class SignUpThenFail(Guid meeting) : RegistrationCommand<int>
    {
        protected override async Task<int> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
        {
            var seats = await ledger.SeatsAsync(meeting, ct);
            var decision = seats!.SignUp(Guid.NewGuid(), Someone(), AttendanceMode.InPerson, emailTaken: false, null, ledger.Now());
            await ledger.SaveAsync(seats, decision.Changes, ct, new string('b', 64));
            throw new InvalidOperationException("fails after taking the seat");
        }
    }
}

using EventScheduler.Api.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Coherence;

/// <summary>Issue 15: request budgets are one budget for all instances on the database, not one per process.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class SharedBudgetTests : TwoInstancesTestBase
{
    public SharedBudgetTests(string provider)
        : base(provider)
    {
    }

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Webhooks:Enabled"] = "false",
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:PerApiKey:PermitLimit"] = "100000",
        ["RateLimiting:AnonymousRead:PermitLimit"] = "4",
        ["RateLimiting:AnonymousRead:Window"] = "00:10:00",
        ["RateLimiting:AnonymousWrite:PermitLimit"] = "100000",
        ["RateLimiting:PerEmail:PermitLimit"] = "2",
        ["RateLimiting:CheckInMisses:PermitLimit"] = "2",
    };

    private static JsonObject SignUp(string email) => new()
    {
        ["fullName"] = "Dr Wang",
        ["email"] = email,
        ["hospitalName"] = "Ankang Central Hospital",
        ["jobTitle"] = "Attending surgeon",
        ["specialty"] = "Hepatobiliary surgery",
        ["mode"] = "in_person",
    };

    [Test]
    public async Task PerEmailBudget_WhenSpentAcrossBothInstances_RefusesTheNextSignUp()
    {
        var meetings = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            meetings.Add(await CreatePublishedMeetingAsync());
        }

        var email = $"{Guid.NewGuid():N}@hospital.example.cn";
        await Expect(await Anonymous.PostAsJsonAsync($"/meetings/{meetings[0]}/registrations", SignUp(email)), HttpStatusCode.Created);
        await Expect(await AnonymousB.PostAsJsonAsync($"/meetings/{meetings[1]}/registrations", SignUp(email)), HttpStatusCode.Created);

        // A has seen one sign-up of this address itself; the budget of 2 is spent only counting B's.
        var refused = await Anonymous.PostAsJsonAsync($"/meetings/{meetings[2]}/registrations", SignUp(email));

        await ExpectProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task CheckInMisses_WhenSpentAcrossBothInstances_RefuseFurtherTries()
    {
        var meeting = await CreatePublishedMeetingAsync();
        var key = await CreateKeyAsync("check_in");
        using var deskA = Factory.ClientWithKey(key);
        using var deskB = FactoryB.ClientWithKey(key);
        await ExpectProblem(await deskA.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = "WRONG-0001" }), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await deskB.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = "WRONG-0002" }), HttpStatusCode.NotFound, "not_found");

        var refused = await deskA.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = "WRONG-0003" });

        await ExpectProblem(refused, HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task RequestLimit_WhenOneInstanceSpentItsShare_TheOtherRefusesOnceItHeard()
    {
        // The anonymous read budget (4 per 10 minutes) of this fixture's one client address, spent on A.
        for (var i = 0; i < 3; i++)
        {
            await Expect(await Anonymous.GetAsync("/meetings"), HttpStatusCode.OK);
        }

        await Expect(await AnonymousB.GetAsync("/meetings"), HttpStatusCode.OK);
        // Both have added their counts to the database (every Coherence:PollMilliseconds) ...
        Assert.That(await EventuallyAsync(async () => await SharedReadHitsAsync() >= 4), Is.True, "the counts never reached the database");
        // ... and B has synced since (it reads the shared totals back at each sync) ...
        var limiterB = FactoryB.Services.GetRequiredService<FixedWindowLimiter>();
        var heard = limiterB.Syncs + 2;
        Assert.That(await EventuallyAsync(() => Task.FromResult(limiterB.Syncs >= heard)), Is.True, "B never synced again");

        // ... so B, which counted only one request itself, refuses the fifth.
        await ExpectProblem(await AnonymousB.GetAsync("/meetings"), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    private async Task<long> SharedReadHitsAsync()
    {
        await using var connection = await OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT CAST(COALESCE(SUM(hits), 0) AS BIGINT) FROM rate_windows WHERE bucket LIKE 'read:%'");
    }
}

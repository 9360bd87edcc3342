namespace EventScheduler.Tests.Api.Infrastructure;

/// <summary>The default limits: a hospital's surgeons behind one address sign up in numbers; one client
/// hammering from one address is refused. (The test clock stands still, so the whole test is one window.)</summary>
public sealed class SignUpLimitTests : ApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
    };

    [Test]
    public async Task AnonymousWrites_WhenMoreThanAThousandComeFromOneAddressInAMinute_AreRefused()
    {
        // Refused sign-ups (no body fields) are as cheap as requests get and count like any other.
        var statuses = new List<HttpStatusCode>();
        foreach (var batch in Enumerable.Range(0, 1_001).Chunk(50))
        {
            var responses = await Task.WhenAll(batch.Select(_ => Anonymous.PostAsync($"/meetings/{Guid.NewGuid()}/registrations", RawJson("{}"))));
            statuses.AddRange(responses.Select(r => r.StatusCode));
        }

        var limited = await Anonymous.PostAsync($"/meetings/{Guid.NewGuid()}/registrations", RawJson("{}"));

        Assert.Multiple(async () =>
        {
            Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(1), "the 1,001st request of the minute is the first refused");
            Assert.That(statuses.Take(1_000), Has.None.EqualTo(HttpStatusCode.TooManyRequests));
            await ExpectProblem(limited, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.That(limited.Headers.GetValues("RateLimit-Remaining"), Is.EqualTo(new[] { "0" }));
        });
    }

    [Test]
    public async Task LimitedAnswers_CarryRateLimitHeaders()
    {
        var first = await Anonymous.GetAsync("/meetings");
        var second = await Anonymous.GetAsync("/meetings");

        Assert.Multiple(() =>
        {
            Assert.That(first.Headers.GetValues("RateLimit-Limit").Single(), Is.EqualTo("3000"));
            Assert.That(int.Parse(second.Headers.GetValues("RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture),
                Is.LessThan(int.Parse(first.Headers.GetValues("RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(int.Parse(first.Headers.GetValues("RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 60));
        });
    }
}

/// <summary>A hospital's surgeons behind one NAT address, signing up after an announcement (own fixture:
/// its own limiter, so no other test's requests share the address's budget).</summary>
public sealed class HospitalSignUpLimitTests : ApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
    };

    private static object SignUp(int i) => new
    {
        fullName = $"Surgeon {i}", email = $"surgeon{i}@hospital.example.cn", hospitalName = "Hanzhong 3201 Hospital",
        jobTitle = "Attending surgeon", specialty = "General surgery", mode = i % 2 == 0 ? "in_person" : "online",
    };

    [Test]
    public async Task SignUps_WhenThreeHundredComeFromOneAddressWithDistinctEmails_AreAllAccepted()
    {
        var meeting = await CreatePublishedMeetingAsync();

        var statuses = new List<HttpStatusCode>();
        foreach (var batch in Enumerable.Range(0, 300).Chunk(25))
        {
            var responses = await Task.WhenAll(batch.Select(i => Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations", SignUp(i))));
            statuses.AddRange(responses.Select(r => r.StatusCode));
        }

        Assert.That(string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key}: {g.Count()}")), Is.EqualTo("Created: 300"));
    }
}

/// <summary>The per-e-mail budget counts across client addresses.</summary>
public sealed class EmailLimitTests : ApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:PerEmail:PermitLimit"] = "3",
    };

    [Test]
    public async Task SignUps_WhenOneEmailExceedsItsBudget_Return429()
    {
        var body = new
        {
            fullName = "Wang Fang", email = "Wang.Fang@hospital.example.cn", hospitalName = "Ankang Central Hospital",
            jobTitle = "Resident", specialty = "General surgery", mode = "online",
        };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            // Three meetings: three accepted sign-ups of the same person.
            var meeting = await CreatePublishedMeetingAsync();
            statuses.Add((await Anonymous.PostAsJsonAsync($"/meetings/{meeting}/registrations", body)).StatusCode);
        }

        var other = await CreatePublishedMeetingAsync();
        var limited = await Anonymous.PostAsJsonAsync($"/meetings/{other}/registrations", body with { });

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Created));
        var problem = await ExpectProblem(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Multiple(() =>
        {
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("e-mail"));
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        });
    }
}

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Issue 11, item 8: a key that keeps sending unknown check-in codes is slowed (429 with Retry-After,
/// counted in the database) and organisers hear of it once per window (change feed and webhooks).</summary>
public sealed class CheckInFailureBudgetTests : RegistrationTestBase
{
    private const int Budget = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CheckIn:FailureBudget"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CheckIn:FailureWindowSeconds"] = "600",
    };

    private static Task<HttpResponseMessage> ScanAsync(HttpClient client, Guid meeting, string code) =>
        client.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code });

    private static string Code(JsonNode registration) => registration["checkInCode"]!.GetValue<string>();

    private async Task SpendBudgetAsync(HttpClient door, Guid meeting)
    {
        for (var i = 0; i < Budget; i++)
        {
            await ExpectProblem(await ScanAsync(door, meeting, $"WRONG{i:D5}"), HttpStatusCode.NotFound, "not_found");
        }
    }

    [Test]
    public async Task CheckIn_WhenTheKeySpentItsFailureBudget_Returns429WithRetryAfterEvenForAValidCode()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        using var door = await ClientForRoleAsync("check_in");
        await SpendBudgetAsync(door, meeting);

        var response = await ScanAsync(door, meeting, Code(seat));

        var problem = await ExpectProblem(response, HttpStatusCode.TooManyRequests, "too_many_failed_check_ins");
        Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.FromSeconds(500)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(600)));
        Assert.That(problem["retryAfterSeconds"]!.GetValue<int>(), Is.GreaterThan(500));
        Assert.That((await GetAsOrganiserAsync(Id(seat)))["checkedInAt"], Is.Null, "a blocked key checks nobody in");
    }

    [Test]
    public async Task CheckIn_WhenTheWindowHasPassed_AcceptsTheKeyAgain()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        using var door = await ClientForRoleAsync("check_in");
        await SpendBudgetAsync(door, meeting);
        Factory.Clock.Advance(TimeSpan.FromSeconds(601));

        await Expect(await ScanAsync(door, meeting, Code(seat)), HttpStatusCode.OK);
    }

    [Test]
    public async Task CheckIn_WhenAnotherKeySpentItsBudget_IsNotSlowed()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        using var guessing = await ClientForRoleAsync("check_in");
        using var door = await ClientForRoleAsync("check_in");
        await SpendBudgetAsync(guessing, meeting);

        await Expect(await ScanAsync(door, meeting, Code(seat)), HttpStatusCode.OK);
    }

    [Test]
    public async Task CheckIn_WhenAKeySpendsItsBudget_ReportsOneEventToOrganisersAndNoneToIntegrations()
    {
        var meeting = await CreateOpenMeetingAsync();
        var hospital = await CreateHospitalAsync();
        using var integration = await ClientForRoleAsync("integration", hospital);
        using var door = await ClientForRoleAsync("check_in");
        await SpendBudgetAsync(door, meeting);
        await ExpectProblem(await ScanAsync(door, meeting, "WRONG99999"), HttpStatusCode.TooManyRequests, "too_many_failed_check_ins");

        var feed = await Json(await Organiser.GetAsync("/changes?limit=200&entity=check_in"));
        var events = feed["items"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "check_in.failures_exceeded"
                                                         && e["meetingId"]?.GetValue<Guid>() == meeting).ToList();
        var integrationFeed = await (await integration.GetAsync("/changes?limit=200&entity=check_in")).Content.ReadAsStringAsync();

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0]!["data"]!["failures"]!.GetValue<int>(), Is.EqualTo(Budget));
        Assert.That(integrationFeed, Does.Not.Contain("check_in.failures_exceeded"));
    }
}

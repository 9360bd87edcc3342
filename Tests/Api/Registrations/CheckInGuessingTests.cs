namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Issue 11 item 8: repeated wrong check-in codes from one key are slowed (429 once the key's budget for the
/// meeting is spent) and reported to organisers: the miss that spends the budget records one
/// <c>check_in.guessing_suspected</c> event (change feed and webhooks), once per window, naming the key, never a code.</summary>
public sealed class CheckInGuessingTests : RegistrationTestBase
{
    private const int Budget = 3;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:PerApiKey:PermitLimit"] = "100000",
        ["RateLimiting:AnonymousRead:PermitLimit"] = "100000",
        ["RateLimiting:AnonymousWrite:PermitLimit"] = "100000",
        ["RateLimiting:PerEmail:PermitLimit"] = "100000",
        ["RateLimiting:CheckInMisses:PermitLimit"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:CheckInMisses:Window"] = "00:10:00",
    };

    [Test]
    public async Task CheckIn_WhenAKeySpendsItsWrongCodeBudget_ReportsOneGuessingEventNamingTheKey()
    {
        var meeting = await CreateOpenMeetingAsync();
        var (door, keyId) = await DoorAsync();
        for (var i = 1; i <= Budget; i++)
        {
            await ExpectProblem(await door.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = $"WRONG-{i:D4}" }), HttpStatusCode.NotFound, "not_found");
        }

        // Spent: further tries are refused (and not counted again), and the report is not repeated.
        await ExpectProblem(await door.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = "WRONG-9999" }), HttpStatusCode.TooManyRequests, "rate_limited");
        var reports = await GuessingReportsAsync(meeting);

        Assert.That(reports, Has.Count.EqualTo(1));
        var report = reports[0];
        Assert.Multiple(() =>
        {
            Assert.That(report["entityId"]!.GetValue<string>(), Is.EqualTo(keyId));
            Assert.That(report["data"]!["apiKeyId"]!.GetValue<string>(), Is.EqualTo(keyId));
            Assert.That(report["data"]!["meetingId"]!.GetValue<Guid>(), Is.EqualTo(meeting));
            Assert.That(report["data"]!["wrongCodes"]!.GetValue<long>(), Is.EqualTo(Budget));
            Assert.That(report["data"]!["windowSeconds"]!.GetValue<int>(), Is.EqualTo(600));
            Assert.That(report["data"]!["refusedUntil"], Is.Not.Null);
            Assert.That(report.ToJsonString(), Does.Not.Contain("WRONG-"), "no tried code in the report");
        });
    }

    [Test]
    public async Task CheckIn_WhenWrongCodesStayWithinTheBudget_ReportsNothing()
    {
        var meeting = await CreateOpenMeetingAsync();
        var (door, _) = await DoorAsync();
        for (var i = 1; i < Budget; i++)
        {
            await ExpectProblem(await door.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = $"WRONG-{i:D4}" }), HttpStatusCode.NotFound, "not_found");
        }

        var valid = await SignUpAsync(meeting);
        await Expect(await door.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = valid["checkInCode"]!.GetValue<string>() }), HttpStatusCode.OK);

        Assert.That(await GuessingReportsAsync(meeting), Is.Empty);
    }

    private async Task<(HttpClient Door, string KeyId)> DoorAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api-keys", new { name = Unique("door"), role = "check_in" });
        await Expect(response, HttpStatusCode.Created);
        var key = await Json(response);
        return (Factory.ClientWithKey(key["key"]!.GetValue<string>()), key["id"]!.GetValue<string>());
    }

    private async Task<List<JsonNode>> GuessingReportsAsync(Guid meeting)
    {
        var items = new List<JsonNode>();
        var after = "0";
        while (true)
        {
            var response = await Organiser.GetAsync($"/changes?after={after}&limit=200");
            await Expect(response, HttpStatusCode.OK);
            var page = await Json(response);
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            after = page["nextCursor"]!.GetValue<string>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                break;
            }
        }

        return items.Where(i => i["type"]!.GetValue<string>() == "check_in.guessing_suspected" && i["data"]?["meetingId"]?.GetValue<Guid>() == meeting).ToList();
    }
}

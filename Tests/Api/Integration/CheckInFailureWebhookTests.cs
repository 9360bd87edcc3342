namespace EventScheduler.Tests.Api.Integration;

/// <summary>Issue 11, item 8: the guessing key is reported to organisers as a subscribable webhook event.</summary>
public sealed class CheckInFailureWebhookTests : IntegrationTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>(FastWebhooks)
    {
        ["CheckIn:FailureBudget"] = "2",
    };

    [Test]
    public async Task CheckIn_WhenAKeySpendsItsFailureBudget_DeliversCheckInFailuresExceededOnce()
    {
        var path = NewPath();
        var (subscription, _) = await SubscribeAsync(path, ["check_in.*"]);
        var meeting = await CreatePublishedMeetingAsync(MeetingBody(await CreateHospitalAsync()));
        using var door = await ClientForRoleAsync("check_in");
        for (var i = 0; i < 4; i++)
        {
            await door.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = $"GUESS{i:D5}" });
        }

        var deliveries = await WaitForDeliveriesAsync(subscription, items => items.Count > 0);
        Assert.That(deliveries.Select(d => d!["eventType"]!.GetValue<string>()), Is.EqualTo(new[] { "check_in.failures_exceeded" }));
    }
}

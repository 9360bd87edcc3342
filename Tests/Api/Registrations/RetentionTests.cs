using EventScheduler.Api.Registrations;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>The retention job (Privacy:ContactDataRetention, default 365 days after the meeting ends) on the test clock.
/// The sweep runs every 200 ms here, as it runs every hour in production.</summary>
public sealed class RetentionTests : RegistrationTestBase
{
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Privacy:SweepInterval"] = "00:00:00.200",
    };

    private async Task<DateTimeOffset> EndsAtAsync(Guid meeting) =>
        (await Json(await Organiser.GetAsync($"/meetings/{meeting}")))["endsAt"]!.GetValue<DateTimeOffset>();

    private void SetNow(DateTimeOffset instant) => Factory.Clock.Advance(instant - Factory.Clock.GetUtcNow());

    [Test]
    public async Task Sweep_WhenTheRetentionIsNotOver_KeepsTheContactData()
    {
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting);
        SetNow(await EndsAtAsync(meeting) + Year - TimeSpan.FromMinutes(1));

        await Factory.Services.GetRequiredService<ContactDataRetentionJob>().SweepAsync(CancellationToken.None);

        var read = await GetAsOrganiserAsync(Id(registration));
        Assert.Multiple(() =>
        {
            Assert.That(read["erasedAt"], Is.Null);
            Assert.That(read["email"]!.GetValue<string>(), Does.Contain("@"));
            Assert.That(read["jobTitle"]!.GetValue<string>(), Is.EqualTo("Attending surgeon"));
        });
    }

    [Test]
    public async Task Job_WhenTheRetentionIsOver_ErasesEveryRegistrationOfTheMeetingAndKeepsTheCounts()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var confirmed = await SignUpAsync(meeting);
        var waiting = await SignUpAsync(meeting);
        var cancelled = await SignUpAsync(meeting, mode: "online");
        await Expect(await Organiser.PostAsync($"/registrations/{Id(cancelled)}/cancel", null), HttpStatusCode.OK);
        var summary = await Json(await Organiser.GetAsync($"/meetings/{meeting}/registrations/summary"));
        // Ends 60 days after the first: still inside its retention when the first one's is over.
        var later = await CreatePublishedMeetingAsync(MeetingBody(await CreateHospitalAsync(), startsInDays: 90));
        var notDue = await SignUpAsync(later);

        SetNow(await EndsAtAsync(meeting) + Year + TimeSpan.FromMinutes(1));

        // The background sweep (no call from here): wait until it got to all three.
        var ids = new[] { Id(confirmed), Id(waiting), Id(cancelled) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var reads = await Task.WhenAll(ids.Select(GetAsOrganiserAsync));
            if (reads.All(r => r["erasedAt"] is not null))
            {
                Assert.Multiple(() =>
                {
                    Assert.That(reads.Select(r => r["status"]!.GetValue<string>()), Is.EqualTo(new[] { "confirmed", "waitlisted", "cancelled" }));
                    Assert.That(reads.Select(r => r.AsObject().ContainsKey("email")), Has.All.False);
                    Assert.That(reads.Select(r => r["fullName"]!.GetValue<string>()), Has.All.Empty, "no CME records: the name goes too");
                });
                break;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the retention job did not erase the meeting's registrations");
            await Task.Yield();
        }

        var after = await Json(await Organiser.GetAsync($"/meetings/{meeting}/registrations/summary"));
        var audit = await ErasureStorage.ChangesAsync(Factory, Id(confirmed));
        Assert.Multiple(async () =>
        {
            Assert.That(after.ToJsonString(), Is.EqualTo(summary.ToJsonString()), "aggregate counts unchanged");
            Assert.That(JsonNode.Parse(audit[^1].Payload)!["reason"]!.GetValue<string>(), Is.EqualTo("retention"));
            Assert.That(await ErasureStorage.CountAsync(Factory, "SELECT COUNT(*) FROM meetings WHERE id = @id AND contact_data_erased_at IS NOT NULL",
                new { id = meeting.ToString() }), Is.EqualTo(1), "the meeting is marked done and not read again");
        });

        var kept = await GetAsOrganiserAsync(Id(notDue));
        Assert.Multiple(() =>
        {
            Assert.That(kept["erasedAt"], Is.Null, "a meeting still inside its retention keeps its data");
            Assert.That(kept["email"]!.GetValue<string>(), Does.Contain("@"));
        });
    }
}

using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Cancelling a meeting cancels its active registrations with it, through the registration writer.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class MeetingCancellationTests : RegistrationTestBase
{
    public MeetingCancellationTests(string provider)
        : base(provider)
    {
    }

    private Task<HttpResponseMessage> CancelMeetingAsync(Guid meeting) =>
        SendAsync(Organiser, HttpMethod.Post, $"/meetings/{meeting}/cancel", new { reason = "Typhoon warning: the venue is closed" });

    [Test]
    public async Task CancelMeeting_CancelsConfirmedAndWaitlistedWithTheReason()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var confirmed = await SignUpAsync(meeting);
        var waitlisted = await SignUpAsync(meeting);

        await Expect(await CancelMeetingAsync(meeting), HttpStatusCode.OK);

        foreach (var r in new[] { confirmed, waitlisted })
        {
            var now = await GetAsOrganiserAsync(Id(r));
            Assert.That((Status(now), now["cancellationReason"]?.GetValue<string>(), Position(now)),
                Is.EqualTo(("cancelled", "meeting_cancelled", (int?)null)));
        }
    }

    [Test]
    public async Task CancelMeeting_RecordsARegistrationCancelledEventForEachActiveRegistration()
    {
        var meeting = await CreateOpenMeetingAsync();
        var ids = new[] { Id(await SignUpAsync(meeting)), Id(await SignUpAsync(meeting, "online")) };
        var after = await LastSeqAsync();

        await Expect(await CancelMeetingAsync(meeting), HttpStatusCode.OK);

        var feed = await Json(await Organiser.GetAsync($"/changes?after={after}&limit=200"));
        var cancelled = feed["items"]!.AsArray().Where(i => i!["type"]!.GetValue<string>() == "registration.cancelled")
            .Select(i => (Id: i!["entityId"]!.GetValue<Guid>(), Reason: i["data"]!["cancellationReason"]!.GetValue<string>())).ToList();
        Assert.That(cancelled.OrderBy(c => c.Id), Is.EqualTo(ids.Order().Select(id => (id, "meeting_cancelled"))));
    }

    [Test]
    public async Task CancelMeeting_LeavesEarlierCancellationsAsTheyWere()
    {
        var meeting = await CreateOpenMeetingAsync();
        var r = await SignUpAsync(meeting);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(r)}/cancel", Token(r)), HttpStatusCode.OK);

        await Expect(await CancelMeetingAsync(meeting), HttpStatusCode.OK);

        var now = await GetAsOrganiserAsync(Id(r));
        Assert.That((now["cancellationReason"]!.GetValue<string>(), now["version"]!.GetValue<int>()), Is.EqualTo(("attendee", 2)));
    }

    [Test]
    public async Task CancelMeeting_WhenStale_Returns412AndCancelsNoRegistration()
    {
        var meeting = await CreateOpenMeetingAsync();
        var r = await SignUpAsync(meeting);

        var stale = await SendAsync(Organiser, HttpMethod.Post, $"/meetings/{meeting}/cancel", new { reason = "Typhoon" }, ifMatch: "\"1\"");

        await ExpectProblem(stale, HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.That(Status(await GetAsOrganiserAsync(Id(r))), Is.EqualTo("confirmed"));
    }

    [Test]
    public async Task CancelMeeting_WithMoreRegistrationsThanOneCommit_CancelsThemAll()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: null);
        var signUps = await Task.WhenAll(Enumerable.Range(0, 520).Select(_ => PostSignUpAsync(Organiser, meeting, SignUpBody())));
        Assert.That(signUps.Select(s => (int)s.StatusCode), Is.All.EqualTo(201));

        await Expect(await CancelMeetingAsync(meeting), HttpStatusCode.OK);

        // The first 500 commit with the meeting; the rest follow in the writer's next batch.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode summary;
        do
        {
            summary = await Json(await Organiser.GetAsync($"/meetings/{meeting}/registrations/summary"));
        }
        while (summary["inPerson"]!["cancelled"]!.GetValue<int>() < 520 && DateTime.UtcNow < deadline);

        Assert.That((summary["inPerson"]!["cancelled"]!.GetValue<int>(), summary["inPerson"]!["confirmed"]!.GetValue<int>()), Is.EqualTo((520, 0)));
    }

    [Test]
    public async Task Restart_WhenACancelledMeetingStillHasActiveRegistrations_FinishesTheCascade()
    {
        var first = new ApiFactory(postgresConnectionString: OnPostgres ? await Postgres.PostgresCluster.CreateDatabaseAsync() : null) { KeepDatabase = true };
        var organiser = first.ClientWithKey(ApiFactory.AdminKey);
        var hospital = await Json(await organiser.PostAsJsonAsync("/hospitals", new { name = Unique("H"), city = "Xi'an", province = "Shaanxi", allianceRole = "member" }));
        var body = MeetingBody(hospital["id"]!.GetValue<Guid>());
        var meeting = await Json(await organiser.PostAsJsonAsync("/meetings", body));
        var id = meeting["id"]!.GetValue<Guid>();
        await Expect(await organiser.PostAsync($"/meetings/{id}/publish", null), HttpStatusCode.OK);
        var r = await Json(await organiser.PostAsJsonAsync($"/meetings/{id}/registrations", SignUpBody()));
        // As a stop between the meeting's commit and the cascade's would leave it.
        await first.Services.GetRequiredService<Database>().WriteAsync((c, tx) =>
            c.ExecuteAsync("UPDATE meetings SET status = 'cancelled', cancellation_reason = 'x' WHERE id = @Id", new { Id = id.ToString() }, tx), CancellationToken.None);

        organiser.Dispose();
        first.Dispose();
        using var second = new ApiFactory(databasePath: first.DatabasePath, postgresConnectionString: first.PostgresConnectionString);
        using var admin = second.ClientWithKey(ApiFactory.AdminKey);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string status;
        do
        {
            status = Status(await Json(await admin.GetAsync($"/registrations/{r["id"]!.GetValue<Guid>()}")));
        }
        while (status != "cancelled" && DateTime.UtcNow < deadline);

        Assert.That(status, Is.EqualTo("cancelled"));
    }

    /// <summary>The seq of the newest change in the feed.</summary>
    private async Task<long> LastSeqAsync()
    {
        var after = 0L;
        while (true)
        {
            var items = (await Json(await Organiser.GetAsync($"/changes?after={after}&limit=200")))["items"]!.AsArray();
            if (items.Count == 0)
            {
                return after;
            }

            after = items[^1]!["seq"]!.GetValue<long>();
        }
    }
}

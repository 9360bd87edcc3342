namespace EventScheduler.Tests.Api.Registrations;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class CapacityTests : RegistrationTestBase
{
    public CapacityTests(string provider)
        : base(provider)
    {
    }

    private Task<HttpResponseMessage> PatchAsync(Guid meeting, object body) => SendAsync(Organiser, HttpMethod.Patch, $"/meetings/{meeting}", body);

    [Test]
    public async Task RaiseCapacity_PromotesWaitlistedInArrivalOrder()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        await SignUpAsync(meeting);
        var first = await SignUpAsync(meeting);
        var second = await SignUpAsync(meeting);
        var third = await SignUpAsync(meeting);

        await Expect(await PatchAsync(meeting, new { inPersonCapacity = 3 }), HttpStatusCode.OK);

        Assert.Multiple(async () =>
        {
            Assert.That(Status(await GetAsOrganiserAsync(Id(first))), Is.EqualTo("confirmed"));
            Assert.That(Status(await GetAsOrganiserAsync(Id(second))), Is.EqualTo("confirmed"));
            var last = await GetAsOrganiserAsync(Id(third));
            Assert.That(Status(last), Is.EqualTo("waitlisted"));
            Assert.That(Position(last), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RaiseCapacityToUnlimited_PromotesEveryone()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        await SignUpAsync(meeting);
        await SignUpAsync(meeting);
        await SignUpAsync(meeting);

        await Expect(await PatchAsync(meeting, new { inPersonCapacity = (int?)null }), HttpStatusCode.OK);

        Assert.That((await ListAllAsync(meeting)).Select(Status), Is.All.EqualTo("confirmed"));
    }

    [Test]
    public async Task LowerCapacity_BelowConfirmed_Returns409AndChangesNothing()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 5);
        await SignUpAsync(meeting);
        await SignUpAsync(meeting);

        var problem = await ExpectProblem(await PatchAsync(meeting, new { inPersonCapacity = 1 }), HttpStatusCode.Conflict, "capacity_below_confirmed");

        Assert.That(problem["confirmed"]!.GetValue<int>(), Is.EqualTo(2));
        var current = await Json(await Organiser.GetAsync($"/meetings/{meeting}"));
        Assert.That(current["inPersonCapacity"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [Test]
    public async Task LowerCapacity_ToConfirmedCount_IsAllowed()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 5);
        await SignUpAsync(meeting);
        await SignUpAsync(meeting);

        await Expect(await PatchAsync(meeting, new { inPersonCapacity = 2 }), HttpStatusCode.OK);

        Assert.That(Status(await SignUpAsync(meeting)), Is.EqualTo("waitlisted"));
    }

    [Test]
    public async Task ChangeFormat_WhenItRemovesAModeWithConfirmedAttendees_Returns409()
    {
        var meeting = await CreateOpenMeetingAsync();
        await SignUpAsync(meeting, "online");

        await ExpectProblem(await PatchAsync(meeting, new { format = "in_person" }), HttpStatusCode.Conflict, "mode_in_use");
    }

    [Test]
    public async Task ChangeFormat_WhenDroppedModeHasWaitingAttendees_Returns409()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 5, online: 0);
        var waiting = await SignUpAsync(meeting, "online");
        Assert.That(Status(waiting), Is.EqualTo("waitlisted"));

        var problem = await ExpectProblem(await PatchAsync(meeting, new { format = "in_person", stream = (object?)null }), HttpStatusCode.Conflict, "mode_in_use");

        Assert.That(problem["registrations"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That((await Json(await Organiser.GetAsync($"/meetings/{meeting}")))["format"]!.GetValue<string>(), Is.EqualTo("hybrid"));
    }
}

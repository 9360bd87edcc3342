namespace EventScheduler.Tests.Api.Registrations;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class SignUpTests : RegistrationTestBase
{
    public SignUpTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task SignUp_WhenSeatFree_Returns201ConfirmedWithCodeAndTokenButNoContactData()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 5);

        var response = await PostSignUpAsync(Anonymous, meeting, SignUpBody("in_person"));

        await Expect(response, HttpStatusCode.Created);
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(Status(body), Is.EqualTo("confirmed"));
            Assert.That(body["mode"]!.GetValue<string>(), Is.EqualTo("in_person"));
            Assert.That(body["waitlistPosition"], Is.Null);
            Assert.That(body["checkInCode"]!.GetValue<string>(), Has.Length.EqualTo(10));
            Assert.That(Token(body), Does.StartWith("rmt_"));
            Assert.That(body["email"], Is.Null);
            Assert.That(body["phone"], Is.Null);
            Assert.That(body["stream"], Is.Null);
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/registrations/{Id(body)}"));
        });
    }

    [Test]
    public async Task SignUp_WhenOneAfterAnother_IdsAreVersion7InCreationOrder()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 5);

        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(Id(await SignUpAsync(meeting, i % 2 == 0 ? "in_person" : "online")));
        }

        // A v7 id starts with its creation time in milliseconds (48 bits), so new keys land at the right-hand edge of
        // the primary key and of the change log's entity index (docs/benchmarks.md: a random id cost a third of sign-up throughput).
        Assert.Multiple(() =>
        {
            Assert.That(ids.Select(id => id.Version), Is.All.EqualTo(7));
            Assert.That(ids.Select(id => id.ToString("N")[..12]), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        });
    }

    [Test]
    public async Task SignUp_WhenModeFull_IsWaitlistedInArrivalOrder()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        await SignUpAsync(meeting);

        var second = await SignUpAsync(meeting);
        var third = await SignUpAsync(meeting);
        var online = await SignUpAsync(meeting, "online");

        Assert.Multiple(() =>
        {
            Assert.That(Status(second), Is.EqualTo("waitlisted"));
            Assert.That(Position(second), Is.EqualTo(1));
            Assert.That(Position(third), Is.EqualTo(2));
            Assert.That(second["checkInCode"], Is.Null);
            Assert.That(Status(online), Is.EqualTo("confirmed"), "online capacity is unlimited and separate");
        });
    }

    [Test]
    public async Task SignUp_WhenConfirmedOnline_ShowsStreamToTheAttendeeOnly()
    {
        var meeting = await CreateOpenMeetingAsync(online: 1);

        var mine = await SignUpAsync(meeting, "online");
        var waiting = await SignUpAsync(meeting, "online");
        var asOrganiser = await GetAsOrganiserAsync(Id(mine));

        Assert.Multiple(() =>
        {
            Assert.That(mine["stream"]!["url"]!.GetValue<string>(), Is.EqualTo("https://live.example.org/hanzhong"));
            Assert.That(waiting["stream"], Is.Null);
            Assert.That(asOrganiser["stream"], Is.Null);
        });
    }

    [Test]
    public async Task SignUp_WhenEmailAlreadyActive_Returns409WithoutDetails()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = $"{Guid.NewGuid():N}@example.cn";
        var first = await SignUpAsync(meeting, email: email);

        var response = await PostSignUpAsync(Anonymous, meeting, SignUpBody("online", email: "  " + email.ToUpperInvariant() + " "));

        var problem = await ExpectProblem(response, HttpStatusCode.Conflict, "already_registered");
        var text = problem.ToJsonString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain(Id(first).ToString()));
            Assert.That(text, Does.Not.Contain(email.Split('@')[0]));
            Assert.That(text, Does.Not.Contain(first["fullName"]!.GetValue<string>()));
        });
    }

    [Test]
    public async Task SignUp_WhenPreviousRegistrationCancelled_IsAllowedAgain()
    {
        var meeting = await CreateOpenMeetingAsync();
        var email = $"{Guid.NewGuid():N}@example.cn";
        var first = await SignUpAsync(meeting, email: email);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(first)}/cancel", Token(first)), HttpStatusCode.OK);

        var again = await SignUpAsync(meeting, email: email);

        Assert.That(Status(again), Is.EqualTo("confirmed"));
    }

    [Test]
    public async Task SignUp_WhenModeNotOffered_Returns400()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: null, online: 10, format: "online");

        var response = await PostSignUpAsync(Anonymous, meeting, SignUpBody("in_person"));

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "mode_not_offered");
        Assert.That(problem["errors"]!["mode"], Is.Not.Null);
    }

    [Test]
    public async Task SignUp_WhenMeetingIsDraft_Returns404ToPublicAnd409ToOrganiser()
    {
        var draft = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        await ExpectProblem(await PostSignUpAsync(Anonymous, draft, SignUpBody()), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await PostSignUpAsync(Organiser, draft, SignUpBody()), HttpStatusCode.Conflict, "meeting_not_open");
    }

    [Test]
    public async Task SignUp_WhenMeetingUnknown_Returns404()
    {
        await ExpectProblem(await PostSignUpAsync(Anonymous, Guid.NewGuid(), SignUpBody()), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task SignUp_WhenMeetingCancelled_Returns409()
    {
        var meeting = await CreateOpenMeetingAsync();
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{meeting}/cancel", new { reason = "Typhoon" }), HttpStatusCode.OK);

        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody()), HttpStatusCode.Conflict, "meeting_not_open");
    }

    [Test]
    public async Task SignUp_WhenWindowClosed_Returns409RegistrationClosed()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["registrationClosesAt"] = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).AddDays(-1).ToString("O");
        var meeting = await CreatePublishedMeetingAsync(body);
        Factory.Clock.Advance(TimeSpan.FromDays(29.5));

        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody()), HttpStatusCode.Conflict, "registration_closed");
    }

    [Test]
    public async Task SignUp_WhenWindowNotYetOpen_Returns409RegistrationClosed()
    {
        var body = MeetingBody(await CreateHospitalAsync());
        body["registrationOpensAt"] = Factory.Clock.GetUtcNow().AddDays(3).ToString("O");
        var meeting = await CreatePublishedMeetingAsync(body);

        var problem = await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody()), HttpStatusCode.Conflict, "registration_closed");

        Assert.That(problem["registrationOpensAt"]!.GetValue<string>(), Does.EndWith("+08:00"), "times in the meeting's zone");
    }

    [Test]
    public async Task SignUp_WithHospitalId_UsesTheHospitalsName()
    {
        var meeting = await CreateOpenMeetingAsync();
        var name = Unique("Hanzhong 3201 Hospital");
        var hospital = await CreateHospitalAsync(name: name);

        var response = await PostSignUpAsync(Anonymous, meeting, SignUpBody(hospitalId: hospital));

        await Expect(response, HttpStatusCode.Created);
        Assert.That((await Json(response))["hospitalName"]!.GetValue<string>(), Is.EqualTo(name));
    }

    [Test]
    public async Task SignUp_WithUnknownHospitalId_Returns400()
    {
        var meeting = await CreateOpenMeetingAsync();

        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, SignUpBody(hospitalId: Guid.NewGuid())), HttpStatusCode.BadRequest, "unknown_hospital");
    }

    [TestCase("email", "not-an-email")]
    [TestCase("email", "a@b")]
    [TestCase("email", "two@@example.cn")]
    [TestCase("email", "")]
    [TestCase("fullName", "")]
    [TestCase("jobTitle", null)]
    [TestCase("specialty", "   ")]
    [TestCase("mode", null)]
    [TestCase("mode", "hologram")]
    [TestCase("phone", "call me")]
    [TestCase("hospitalName", null)]
    public async Task SignUp_WhenFieldInvalid_Returns400NamingTheField(string field, string? value)
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();
        body[field] = value;

        var response = await PostSignUpAsync(Anonymous, meeting, body);

        await Expect(response, HttpStatusCode.BadRequest);
        var problem = await Json(response);
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
        Assert.That(problem.ToJsonString(), Does.Not.Contain("not-an-email"), "the address is not echoed");
    }

    [Test]
    public async Task SignUp_WhenNameTooLong_Returns400()
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();
        body["fullName"] = new string('x', 201);

        await ExpectProblem(await PostSignUpAsync(Anonymous, meeting, body), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task SignUp_WithCheckInKey_Returns403()
    {
        var meeting = await CreateOpenMeetingAsync();
        using var checkIn = await ClientForRoleAsync("check_in");

        await ExpectProblem(await PostSignUpAsync(checkIn, meeting, SignUpBody()), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task SignUp_ByIntegrationForOnlineSeat_DoesNotShowTheStream()
    {
        var meeting = await CreateOpenMeetingAsync();
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        var created = await SignUpAsync(meeting, "online", client: integration);
        var asAttendee = await Json(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(created)}", Token(created)));

        Assert.That(created["stream"], Is.Null, "only the attendee sees the stream");
        Assert.That(asAttendee["stream"], Is.Not.Null);
    }

    [Test]
    public async Task SignUp_ByOrganiser_ReturnsContactDetails()
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();

        var response = await PostSignUpAsync(Organiser, meeting, body);

        await Expect(response, HttpStatusCode.Created);
        Assert.That((await Json(response))["email"]!.GetValue<string>(), Is.EqualTo(body["email"]!.GetValue<string>()));
    }

    [Test]
    public async Task SignUp_RecordsChangeWithoutContactDataOrToken()
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();
        var created = await Json(await PostSignUpAsync(Anonymous, meeting, body));

        var rows = await QueryDatabaseAsync<(string Type, string Payload)>(
            "SELECT type, payload FROM changes WHERE entity = 'registration' AND entity_id = @Id", new { Id = Id(created).ToString() });
        Assert.That(rows, Is.Not.Empty);
        var payload = rows[0].Payload;
        Assert.Multiple(() =>
        {
            Assert.That(rows[0].Type, Is.EqualTo("registration.created"));
            Assert.That(payload, Does.Not.Contain(body["email"]!.GetValue<string>()));
            Assert.That(payload, Does.Not.Contain("138 0000"));
            Assert.That(payload, Does.Not.Contain(Token(created)));
            Assert.That(payload, Does.Not.Contain(created["checkInCode"]!.GetValue<string>()));
        });
    }
}

namespace EventScheduler.Tests.Api.Registrations;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class SelfServiceTests : RegistrationTestBase
{
    public SelfServiceTests(string provider)
        : base(provider)
    {
    }

    [Test]
    public async Task Get_WithOwnToken_ReturnsRegistrationWithoutContactData()
    {
        var meeting = await CreateOpenMeetingAsync();
        var created = await SignUpAsync(meeting);

        var byHeader = await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(created)}", Token(created));
        var byQuery = await Anonymous.GetAsync($"/registrations/{Id(created)}?token={Uri.EscapeDataString(Token(created))}");

        await Expect(byHeader, HttpStatusCode.OK);
        await Expect(byQuery, HttpStatusCode.OK);
        var body = await Json(byHeader);
        Assert.Multiple(() =>
        {
            Assert.That(Status(body), Is.EqualTo("confirmed"));
            Assert.That(body["email"], Is.Null);
            Assert.That(body["phone"], Is.Null);
            Assert.That(body["manageToken"], Is.Null, "the token is shown only at creation");
            Assert.That(body["checkInCode"]!.GetValue<string>(), Is.EqualTo(created["checkInCode"]!.GetValue<string>()));
            Assert.That(byHeader.Headers.ETag, Is.Not.Null);
        });
    }

    [Test]
    public async Task Get_WithAnotherRegistrationsToken_Returns404()
    {
        var meeting = await CreateOpenMeetingAsync();
        var mine = await SignUpAsync(meeting);
        var theirs = await SignUpAsync(meeting);

        await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(theirs)}", Token(mine)), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(theirs)}/cancel", Token(mine)), HttpStatusCode.NotFound, "not_found");
        Assert.That(Status(await GetAsOrganiserAsync(Id(theirs))), Is.EqualTo("confirmed"));
    }

    [Test]
    public async Task Get_WithWrongOrMissingToken_Returns404Or401()
    {
        var meeting = await CreateOpenMeetingAsync();
        var created = await SignUpAsync(meeting);

        await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(created)}", "rmt_wrong"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Guid.NewGuid()}", Token(created)), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(created)}", null), HttpStatusCode.Unauthorized, "token_required");
    }

    [Test]
    public async Task Get_WithIntegrationKeyOutOfScope_Returns404()
    {
        var meeting = await CreateOpenMeetingAsync();
        var created = await SignUpAsync(meeting);
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        await ExpectProblem(await integration.GetAsync($"/registrations/{Id(created)}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Get_WithCheckInKeyAndNoToken_Returns403()
    {
        var meeting = await CreateOpenMeetingAsync();
        var created = await SignUpAsync(meeting);
        using var checkIn = await ClientForRoleAsync("check_in");

        await ExpectProblem(await checkIn.GetAsync($"/registrations/{Id(created)}"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Get_AsOrganiser_ShowsContactData()
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();
        var created = await Json(await PostSignUpAsync(Anonymous, meeting, body));

        var seen = await GetAsOrganiserAsync(Id(created));

        Assert.That(seen["email"]!.GetValue<string>(), Is.EqualTo(body["email"]!.GetValue<string>()));
        Assert.That(seen["phone"]!.GetValue<string>(), Is.EqualTo("+86 138 0000 0000"));
    }

    [Test]
    public async Task Get_WhenConfirmedOnline_ShowsStreamOnlyWithToken()
    {
        var meeting = await CreateOpenMeetingAsync();
        var online = await SignUpAsync(meeting, "online");
        var inPerson = await SignUpAsync(meeting, "in_person");

        var own = await Json(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(online)}", Token(online)));
        var hall = await Json(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(inPerson)}", Token(inPerson)));

        Assert.That(own["stream"]!["url"]!.GetValue<string>(), Does.StartWith("https://"));
        Assert.That(hall["stream"], Is.Null);
    }

    [Test]
    public async Task Cancel_WhenConfirmed_PromotesFirstWaitlistedOfThatModeOnly()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1, online: 1);
        var seat = await SignUpAsync(meeting);
        var first = await SignUpAsync(meeting);
        var second = await SignUpAsync(meeting);
        await SignUpAsync(meeting, "online");
        var onlineWaiting = await SignUpAsync(meeting, "online");

        var response = await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/cancel", Token(seat));

        await Expect(response, HttpStatusCode.OK);
        Assert.That(Status(await Json(response)), Is.EqualTo("cancelled"));
        var promoted = await GetAsOrganiserAsync(Id(first));
        var next = await GetAsOrganiserAsync(Id(second));
        Assert.Multiple(async () =>
        {
            Assert.That(Status(promoted), Is.EqualTo("confirmed"));
            Assert.That(promoted["checkInCode"]!.GetValue<string>(), Has.Length.EqualTo(10));
            Assert.That(Status(next), Is.EqualTo("waitlisted"));
            Assert.That(Position(next), Is.EqualTo(1));
            Assert.That(Status(await GetAsOrganiserAsync(Id(onlineWaiting))), Is.EqualTo("waitlisted"));
        });
    }

    [Test]
    public async Task Cancel_WhenWaitlisted_LeavesTheListAndMovesOthersUp()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        await SignUpAsync(meeting);
        var first = await SignUpAsync(meeting);
        var second = await SignUpAsync(meeting);

        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(first)}/cancel", Token(first)), HttpStatusCode.OK);

        Assert.That(Position(await GetAsOrganiserAsync(Id(second))), Is.EqualTo(1));
    }

    [Test]
    public async Task Cancel_WhenAlreadyCancelled_Returns200Unchanged()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var seat = await SignUpAsync(meeting);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/cancel", Token(seat)), HttpStatusCode.OK);

        var again = await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/cancel", Token(seat));

        await Expect(again, HttpStatusCode.OK);
        Assert.That(Status(await Json(again)), Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task Cancel_ByOrganiser_Works()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);

        var response = await Organiser.PostAsync($"/registrations/{Id(seat)}/cancel", null);

        await Expect(response, HttpStatusCode.OK);
        Assert.That((await Json(response))["email"], Is.Not.Null);
    }

    [Test]
    public async Task SwitchMode_WhenHallFull_OnlineAttendeeWaitsKeepingOnlineSeatThenIsPromotedAndPassesItOn()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1, online: 1);
        var hall = await SignUpAsync(meeting, "in_person");
        var online = await SignUpAsync(meeting, "online");
        var onlineWaiting = await SignUpAsync(meeting, "online");

        var response = await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(online)}/switch-mode", Token(online), new { mode = "in_person" });

        await Expect(response, HttpStatusCode.OK);
        var pending = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(Status(pending), Is.EqualTo("confirmed"));
            Assert.That(pending["mode"]!.GetValue<string>(), Is.EqualTo("online"), "keeps the online seat");
            Assert.That(pending["requestedMode"]!.GetValue<string>(), Is.EqualTo("in_person"));
            Assert.That(Position(pending), Is.EqualTo(1));
            Assert.That(pending["stream"], Is.Not.Null, "still a confirmed online attendee");
        });

        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(hall)}/cancel", Token(hall)), HttpStatusCode.OK);

        var moved = await GetAsOrganiserAsync(Id(online));
        var passedOn = await GetAsOrganiserAsync(Id(onlineWaiting));
        Assert.Multiple(() =>
        {
            Assert.That(Status(moved), Is.EqualTo("confirmed"));
            Assert.That(moved["mode"]!.GetValue<string>(), Is.EqualTo("in_person"));
            Assert.That(moved["requestedMode"], Is.Null);
            Assert.That(moved["checkInCode"], Is.Not.Null);
            Assert.That(Status(passedOn), Is.EqualTo("confirmed"), "the released online seat went to the online waiting list");
        });
        var summary = await Json(await Organiser.GetAsync($"/meetings/{meeting}/registrations/summary"));
        Assert.That(summary["inPerson"]!["confirmed"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(summary["online"]!["confirmed"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task SwitchMode_WhenSeatFree_SwitchesAtOnceAndPassesOldSeatOn()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1, online: 5);
        var hall = await SignUpAsync(meeting, "in_person");
        var waiting = await SignUpAsync(meeting, "in_person");

        var response = await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(hall)}/switch-mode", Token(hall), new { mode = "online" });

        await Expect(response, HttpStatusCode.OK);
        var body = await Json(response);
        Assert.Multiple(async () =>
        {
            Assert.That(body["mode"]!.GetValue<string>(), Is.EqualTo("online"));
            Assert.That(Status(body), Is.EqualTo("confirmed"));
            Assert.That(body["checkInCode"], Is.Null);
            Assert.That(Status(await GetAsOrganiserAsync(Id(waiting))), Is.EqualTo("confirmed"));
        });
    }

    [Test]
    public async Task SwitchMode_WhenAskingForCurrentModeWhilePending_WithdrawsTheRequest()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        await SignUpAsync(meeting, "in_person");
        var online = await SignUpAsync(meeting, "online");
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(online)}/switch-mode", Token(online), new { mode = "in_person" }), HttpStatusCode.OK);

        var back = await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(online)}/switch-mode", Token(online), new { mode = "online" });

        await Expect(back, HttpStatusCode.OK);
        var body = await Json(back);
        Assert.That(body["requestedMode"], Is.Null);
        Assert.That(body["waitlistPosition"], Is.Null);
    }

    [Test]
    public async Task SwitchMode_WhenWaitlisted_MovesToOtherMode()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1, online: 10);
        await SignUpAsync(meeting, "in_person");
        var waiting = await SignUpAsync(meeting, "in_person");

        var response = await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(waiting)}/switch-mode", Token(waiting), new { mode = "online" });

        await Expect(response, HttpStatusCode.OK);
        var body = await Json(response);
        Assert.That(body["mode"]!.GetValue<string>(), Is.EqualTo("online"));
        Assert.That(Status(body), Is.EqualTo("confirmed"));
    }

    [TestCase("in_person", "already_in_mode")]
    public async Task SwitchMode_WhenAlreadyInMode_Returns409(string mode, string code)
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting, mode);

        await ExpectProblem(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/switch-mode", Token(seat), new { mode }), HttpStatusCode.Conflict, code);
    }

    [Test]
    public async Task SwitchMode_WhenAlreadyWaitingForThatMode_Returns409()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        await SignUpAsync(meeting, "in_person");
        var online = await SignUpAsync(meeting, "online");
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(online)}/switch-mode", Token(online), new { mode = "in_person" }), HttpStatusCode.OK);

        await ExpectProblem(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(online)}/switch-mode", Token(online), new { mode = "in_person" }),
            HttpStatusCode.Conflict, "already_waitlisted");
    }

    [Test]
    public async Task SwitchMode_WhenCancelled_Returns409()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/cancel", Token(seat)), HttpStatusCode.OK);

        await ExpectProblem(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/switch-mode", Token(seat), new { mode = "online" }),
            HttpStatusCode.Conflict, "registration_cancelled");
    }

    [Test]
    public async Task SwitchMode_WhenModeNotOffered_Returns400()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 10, format: "in_person");
        var seat = await SignUpAsync(meeting);

        await ExpectProblem(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/switch-mode", Token(seat), new { mode = "online" }),
            HttpStatusCode.BadRequest, "mode_not_offered");
    }

    [Test]
    public async Task SwitchMode_WhenModeMissing_Returns400()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);

        await ExpectProblem(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/switch-mode", Token(seat), new { }),
            HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task Cancel_RecordsCancelAndPromotionInTheChangeLogWithHospitalAndNoContactData()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        var hospital = await CreateHospitalAsync();
        var seat = await SignUpAsync(meeting);
        var waitingBody = SignUpBody(hospitalId: hospital);
        var waiting = await Json(await PostSignUpAsync(Anonymous, meeting, waitingBody));

        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/cancel", Token(seat)), HttpStatusCode.OK);

        var rows = await QueryDatabaseAsync<(string Id, string Type, string? Hospital, string Payload)>(
            "SELECT entity_id, type, hospital_id, payload FROM changes WHERE entity = 'registration' AND meeting_id = @M ORDER BY seq",
            new { M = meeting.ToString() });

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Type), Is.EqualTo(new[] { "registration.created", "registration.created", "registration.cancelled", "registration.promoted" }));
            Assert.That(rows[3].Id, Is.EqualTo(Id(waiting).ToString()));
            Assert.That(rows[3].Hospital, Is.EqualTo(hospital.ToString()));
            Assert.That(rows.Select(r => r.Payload), Has.None.Contains(waitingBody["email"]!.GetValue<string>()));
            Assert.That(rows[3].Payload, Does.Contain("\"status\":\"confirmed\""));
        });
    }

    [Test]
    public async Task Get_WhenMeetingCancelled_NoLongerShowsStream()
    {
        var meeting = await CreateOpenMeetingAsync();
        var online = await SignUpAsync(meeting, "online");
        await Expect(await Organiser.PostAsJsonAsync($"/meetings/{meeting}/cancel", new { reason = "Typhoon warning" }), HttpStatusCode.OK);

        var own = await Json(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(online)}", Token(online)));

        Assert.That(own["stream"], Is.Null);
    }
}

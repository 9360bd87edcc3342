namespace EventScheduler.Tests.Api.Registrations;

[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class CheckInTests : RegistrationTestBase
{
    public CheckInTests(string provider)
        : base(provider)
    {
    }

    private HttpClient _checkIn = null!;

    [OneTimeSetUp]
    public async Task CreateCheckInKey() => _checkIn = await ClientForRoleAsync("check_in");

    [OneTimeTearDown]
    public void DisposeCheckInKey() => _checkIn.Dispose();

    private Task<HttpResponseMessage> ScanAsync(Guid meeting, string code, HttpClient? client = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/meetings/{meeting}/check-ins") { Content = JsonContent.Create(new { code }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return (client ?? _checkIn).SendAsync(request);
    }

    private static string Code(JsonNode registration) => registration["checkInCode"]!.GetValue<string>();

    [Test]
    public async Task CheckIn_WhenConfirmedInPerson_Returns200WithNameAndMode()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);

        var response = await ScanAsync(meeting, Code(seat).ToLowerInvariant());

        await Expect(response, HttpStatusCode.OK);
        var body = await Json(response);
        Assert.Multiple(async () =>
        {
            Assert.That(body["registrationId"]!.GetValue<Guid>(), Is.EqualTo(Id(seat)));
            Assert.That(body["fullName"]!.GetValue<string>(), Is.EqualTo(seat["fullName"]!.GetValue<string>()));
            Assert.That(body["mode"]!.GetValue<string>(), Is.EqualTo("in_person"));
            Assert.That(body["checkedInAt"]!.GetValue<string>(), Does.EndWith("+08:00"));
            Assert.That(body["email"], Is.Null);
            Assert.That((await GetAsOrganiserAsync(Id(seat)))["checkedInAt"], Is.Not.Null);
        });
    }

    [Test]
    public async Task CheckIn_WhenScannedTwice_Returns409WithFirstCheckInTime()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        var first = await Json(await ScanAsync(meeting, Code(seat)));
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));

        var problem = await ExpectProblem(await ScanAsync(meeting, Code(seat)), HttpStatusCode.Conflict, "already_checked_in");

        Assert.That(problem["checkedInAt"]!.GetValue<string>(), Does.EndWith("+08:00"));
        Assert.That(DateTimeOffset.Parse(problem["checkedInAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(DateTimeOffset.Parse(first["checkedInAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task CheckIn_WithCodeOfAnotherMeeting_Returns404()
    {
        var meeting = await CreateOpenMeetingAsync();
        var other = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(other);

        await ExpectProblem(await ScanAsync(meeting, Code(seat)), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await ScanAsync(meeting, "ZZZZZZZZZZ"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task CheckIn_WhenCancelled_Returns409NotConfirmed()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/cancel", Token(seat)), HttpStatusCode.OK);

        await ExpectProblem(await ScanAsync(meeting, Code(seat)), HttpStatusCode.Conflict, "not_confirmed");
    }

    [Test]
    public async Task CheckIn_WhenSwitchedToOnline_Returns409NotConfirmed()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(seat)}/switch-mode", Token(seat), new { mode = "online" }), HttpStatusCode.OK);

        await ExpectProblem(await ScanAsync(meeting, Code(seat)), HttpStatusCode.Conflict, "not_confirmed");
    }

    [Test]
    public async Task CheckIn_WhenWaitlisted_HasNoCode()
    {
        var meeting = await CreateOpenMeetingAsync(inPerson: 1);
        await SignUpAsync(meeting);

        var waiting = await SignUpAsync(meeting);

        Assert.That(waiting["checkInCode"], Is.Null);
    }

    [Test]
    public async Task CheckIn_WithoutKey_Returns401AndWithIntegrationKey_Returns403()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        using var integration = await ClientForRoleAsync("integration", await CreateHospitalAsync());

        await ExpectProblem(await ScanAsync(meeting, Code(seat), Anonymous), HttpStatusCode.Unauthorized, "unauthorized");
        await ExpectProblem(await ScanAsync(meeting, Code(seat), integration), HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task CheckIn_ByOrganiser_Works()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);

        await Expect(await ScanAsync(meeting, Code(seat), Organiser), HttpStatusCode.OK);
    }

    [Test]
    public async Task CheckIn_WhenRetriedWithSameIdempotencyKey_ReplaysTheFirst200()
    {
        var meeting = await CreateOpenMeetingAsync();
        var seat = await SignUpAsync(meeting);
        var key = Guid.NewGuid().ToString();

        var first = await ScanAsync(meeting, Code(seat), key: key);
        var retry = await ScanAsync(meeting, Code(seat), key: key);

        await Expect(first, HttpStatusCode.OK);
        await Expect(retry, HttpStatusCode.OK);
        Assert.That(await retry.Content.ReadAsByteArrayAsync(), Is.EqualTo(await first.Content.ReadAsByteArrayAsync()));
    }

    [Test]
    public async Task CheckIn_WhenCodeMissing_Returns400()
    {
        var meeting = await CreateOpenMeetingAsync();

        var response = await _checkIn.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { });

        await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    // A NUL made PostgreSQL fail the lookup itself (500); a code can never hold a control character.
    [Test]
    public async Task CheckIn_WhenCodeHoldsNul_Returns400NamingCode()
    {
        var meeting = await CreateOpenMeetingAsync();

        var problem = await ExpectProblem(await ScanAsync(meeting, "ABCD\0EFGH"), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "code" }), problem.ToJsonString());
    }
}

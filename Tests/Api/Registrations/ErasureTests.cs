namespace EventScheduler.Tests.Api.Registrations;

/// <summary>POST /registrations/{id}/erase: what goes at once, what stays, and what an erased registration looks like
/// everywhere it is shown.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class ErasureTests(string provider) : RegistrationTestBase(provider)
{
    [Test]
    public async Task Erase_WhenCancelled_ErasesContactFreeTextNameAndHospital()
    {
        var meeting = await CreateOpenMeetingAsync();
        var body = SignUpBody();
        var signUp = await PostSignUpAsync(Anonymous, meeting, body, idempotencyKey: Guid.NewGuid().ToString());
        await Expect(signUp, HttpStatusCode.Created);
        var registration = await Json(signUp);
        await Expect(await WithTokenAsync(HttpMethod.Post, $"/registrations/{Id(registration)}/cancel", Token(registration)), HttpStatusCode.OK);
        Assert.That(await ErasureStorage.StoredResponsesAsync(Factory, Id(registration)), Is.EqualTo(1), "the sign-up's stored response");

        var response = await Organiser.PostAsync($"/registrations/{Id(registration)}/erase", null);

        await Expect(response, HttpStatusCode.OK);
        var erased = await Json(response);
        var read = await GetAsOrganiserAsync(Id(registration));
        foreach (var view in new[] { erased, read })
        {
            Assert.Multiple(() =>
            {
                Assert.That(view["erasedAt"], Is.Not.Null);
                Assert.That(view["fullName"]!.GetValue<string>(), Is.Empty);
                Assert.That(view.AsObject().ContainsKey("email"), Is.False);
                Assert.That(view.AsObject().ContainsKey("phone"), Is.False);
                Assert.That(view["jobTitle"]!.GetValue<string>(), Is.Empty);
                Assert.That(view["specialty"]!.GetValue<string>(), Is.Empty);
                Assert.That(view["hospitalName"], Is.Null);
                Assert.That(view["hospitalId"], Is.Null);
                Assert.That(view["status"]!.GetValue<string>(), Is.EqualTo("cancelled"), "the counts stay");
            });
        }

        var changes = await ErasureStorage.ChangesAsync(Factory, Id(registration));
        var text = body["fullName"]!.GetValue<string>();
        Assert.Multiple(async () =>
        {
            Assert.That(changes.Select(c => c.Type), Is.EqualTo(new[] { "registration.created", "registration.cancelled", "registration.erased" }));
            Assert.That(changes.Select(c => c.Payload), Has.None.Contains(text).And.None.Contains("Attending surgeon").And.None.Contains("Hepatobiliary")
                .And.None.Contains("Ankang"), "earlier snapshots (what webhooks deliver) lost the data too");
            var audit = JsonNode.Parse(changes[^1].Payload)!.AsObject();
            Assert.That(audit.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "meetingId", "version", "erasedAt", "reason", "nameAndHospitalKept" }),
                "the audit event names the registration, never its data");
            Assert.That(audit["reason"]!.GetValue<string>(), Is.EqualTo("request"));
            Assert.That(await ErasureStorage.StoredResponsesAsync(Factory, Id(registration)), Is.Zero, "the stored sign-up response is purged");
            Assert.That(await ErasureStorage.LiveMailAsync(Factory, Id(registration)), Is.Zero, "no mail left to send, no text kept");
        });
    }

    [Test]
    public async Task Erase_WhenErasedAgain_AnswersTheSameAndChangesNothing()
    {
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting);
        await Expect(await Organiser.PostAsync($"/registrations/{Id(registration)}/cancel", null), HttpStatusCode.OK);
        var first = await Json(await Organiser.PostAsync($"/registrations/{Id(registration)}/erase", null));

        var again = await Organiser.PostAsync($"/registrations/{Id(registration)}/erase", null);

        await Expect(again, HttpStatusCode.OK);
        var second = await Json(again);
        var changes = await ErasureStorage.ChangesAsync(Factory, Id(registration));
        Assert.Multiple(() =>
        {
            Assert.That(second["version"]!.GetValue<int>(), Is.EqualTo(first["version"]!.GetValue<int>()));
            Assert.That(second["erasedAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(first["erasedAt"]!.GetValue<DateTimeOffset>()));
            Assert.That(changes.Count(c => c.Type == "registration.erased"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Erase_WhenUnknownId_Returns404Problem() =>
        await ExpectProblem(await Organiser.PostAsync($"/registrations/{Guid.NewGuid()}/erase", null), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task Erase_WhenActiveForAMeetingAhead_Returns409AndChangesNothing()
    {
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting);
        var before = await GetAsOrganiserAsync(Id(registration));

        await ExpectProblem(await Organiser.PostAsync($"/registrations/{Id(registration)}/erase", null), HttpStatusCode.Conflict, "registration_active");

        Assert.That((await GetAsOrganiserAsync(Id(registration))).ToJsonString(), Is.EqualTo(before.ToJsonString()));
    }

    [Test]
    public async Task Erase_WhenIntegrationKey_Returns403AndChangesNothing()
    {
        var hospital = await CreateHospitalAsync();
        using var integration = await ClientForRoleAsync("integration", hospital);
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting, client: integration);
        await Expect(await integration.PostAsync($"/registrations/{Id(registration)}/cancel", null), HttpStatusCode.OK);

        await ExpectProblem(await integration.PostAsync($"/registrations/{Id(registration)}/erase", null), HttpStatusCode.Forbidden, "forbidden");

        Assert.That((await GetAsOrganiserAsync(Id(registration)))["erasedAt"], Is.Null);
    }

    [Test]
    public async Task Erase_WhenMeetingEnded_ShowsTheErasedRegistrationEverywhereWithout500()
    {
        var meeting = await CreateOpenMeetingAsync();
        var registration = await SignUpAsync(meeting);
        var ends = (await Json(await Organiser.GetAsync($"/meetings/{meeting}")))["endsAt"]!.GetValue<DateTimeOffset>();
        Factory.Clock.Advance(ends - Factory.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));

        await Expect(await Organiser.PostAsync($"/registrations/{Id(registration)}/erase", null), HttpStatusCode.OK);

        using var door = await ClientForRoleAsync("check_in");
        var roster = await ListAllAsync(meeting);
        var csv = await (await Organiser.GetAsync($"/meetings/{meeting}/registrations?format=csv")).Content.ReadAsStringAsync();
        var line = csv.Split("\r\n").Single(l => l.StartsWith(Id(registration).ToString(), StringComparison.Ordinal));
        var header = csv.TrimStart('\uFEFF').Split("\r\n")[0].Split(',');
        var cells = line.Split(',');
        Assert.Multiple(async () =>
        {
            Assert.That(roster.Single(r => Id(r!) == Id(registration))["erasedAt"], Is.Not.Null);
            Assert.That(roster.Single(r => Id(r!) == Id(registration))["status"]!.GetValue<string>(), Is.EqualTo("confirmed"), "the count stays");
            Assert.That(cells[Array.IndexOf(header, "full_name")], Is.Empty);
            Assert.That(cells[Array.IndexOf(header, "email")], Is.Empty);
            Assert.That(cells[Array.IndexOf(header, "job_title")], Is.Empty);
            Assert.That(cells[Array.IndexOf(header, "erased_at")], Is.Not.Empty);
            // The attendee's token and the ticket's code are gone: the same 404s as for ones that never existed.
            await ExpectProblem(await WithTokenAsync(HttpMethod.Get, $"/registrations/{Id(registration)}", Token(registration)), HttpStatusCode.NotFound, "not_found");
            await ExpectProblem(await door.PostAsJsonAsync($"/meetings/{meeting}/check-ins", new { code = registration["checkInCode"]!.GetValue<string>() }),
                HttpStatusCode.NotFound, "not_found");
            var page = await Anonymous.GetAsync($"/r/{Id(registration)}?token={Token(registration)}");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the manage page");
        });
    }
}

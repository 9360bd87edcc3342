namespace EventScheduler.Tests.Api.Registrations;

/// <summary>An integration key sees and changes only the registrations it created or of its hospital:
/// every id-bearing route answers 404 for another hospital's attendee, and no list, export or feed shows them.</summary>
public sealed class IntegrationScopeTests : RegistrationTestBase
{
    private Guid _meeting;
    private Guid _hospitalA;
    private HttpClient _integrationA = null!;
    private JsonNode _createdByA = null!;
    private JsonNode _ofHospitalA = null!;
    private JsonNode _ofHospitalB = null!;

    [SetUp]
    public async Task CreateAttendees()
    {
        _meeting = await CreateOpenMeetingAsync(inPerson: 50);
        _hospitalA = await CreateHospitalAsync();
        var hospitalB = await CreateHospitalAsync();
        _integrationA = await ClientForRoleAsync("integration", _hospitalA);
        _createdByA = await SignUpAsync(_meeting, client: _integrationA);
        _ofHospitalA = await Json(await PostSignUpAsync(Anonymous, _meeting, SignUpBody(hospitalId: _hospitalA)));
        _ofHospitalB = await Json(await PostSignUpAsync(Anonymous, _meeting, SignUpBody(hospitalId: hospitalB, email: $"b-{Guid.NewGuid():N}@other.example.cn")));
    }

    [TearDown]
    public void DisposeClient() => _integrationA.Dispose();

    [Test]
    public async Task Get_WhenOwnOrOwnHospital_Returns200WithContactData()
    {
        foreach (var registration in new[] { _createdByA, _ofHospitalA })
        {
            var response = await _integrationA.GetAsync($"/registrations/{Id(registration)}");
            await Expect(response, HttpStatusCode.OK);
            Assert.That((await Json(response))["email"], Is.Not.Null);
        }
    }

    [Test]
    public async Task EveryRegistrationRoute_WhenOtherHospitalsAttendee_Returns404AndChangesNothing()
    {
        var foreign = Id(_ofHospitalB);

        await ExpectProblem(await _integrationA.GetAsync($"/registrations/{foreign}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await _integrationA.PostAsync($"/registrations/{foreign}/cancel", null), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await _integrationA.PostAsJsonAsync($"/registrations/{foreign}/switch-mode", new { mode = "online" }), HttpStatusCode.NotFound, "not_found");

        var stillThere = await Json(await Organiser.GetAsync($"/registrations/{foreign}"));
        Assert.That((Status(stillThere), stillThere["mode"]!.GetValue<string>()), Is.EqualTo(("confirmed", "in_person")));
    }

    [Test]
    public async Task Cancel_WhenOwnHospitalsAttendee_Succeeds()
    {
        var response = await _integrationA.PostAsync($"/registrations/{Id(_ofHospitalA)}/cancel", null);

        await Expect(response, HttpStatusCode.OK);
        Assert.That(Status(await Json(response)), Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task ListAndExport_ShowNoOtherHospitalsAttendee()
    {
        var foreignEmail = (await Json(await Organiser.GetAsync($"/registrations/{Id(_ofHospitalB)}")))["email"]!.GetValue<string>();

        var list = await (await _integrationA.GetAsync($"/meetings/{_meeting}/registrations?limit=200")).Content.ReadAsStringAsync();
        var csv = await (await _integrationA.GetAsync($"/meetings/{_meeting}/registrations?format=csv")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(list, Does.Contain(Id(_createdByA).ToString()).And.Contain(Id(_ofHospitalA).ToString()));
            Assert.That(list, Does.Not.Contain(Id(_ofHospitalB).ToString()).And.Not.Contain(foreignEmail));
            Assert.That(csv, Does.Not.Contain(foreignEmail));
        });
    }

    [Test]
    public async Task ChangeFeed_ShowsOwnHospitalsRegistrationsOnly()
    {
        var feed = await (await _integrationA.GetAsync("/changes?limit=200&entity=registration")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(feed, Does.Contain(Id(_ofHospitalA).ToString()));
            Assert.That(feed, Does.Not.Contain(Id(_ofHospitalB).ToString()));
            Assert.That(feed, Does.Not.Contain("@"), "no e-mail addresses in the change feed");
        });
    }

    [Test]
    public async Task CheckInCode_IsShownOnlyToTheKeyThatCreatedTheRegistration()
    {
        var own = await Json(await _integrationA.GetAsync($"/registrations/{Id(_createdByA)}"));
        var hospitals = await Json(await _integrationA.GetAsync($"/registrations/{Id(_ofHospitalA)}"));

        Assert.That(own["checkInCode"], Is.Not.Null);
        Assert.That(hospitals["checkInCode"], Is.Null, "another caller's ticket is not the integration's to hand out");
    }

    [Test]
    public async Task Registrations_OfADraftMeeting_AreNotFoundForIntegrations()
    {
        var draft = (await CreateMeetingAsync())["id"]!.GetValue<Guid>();

        await ExpectProblem(await _integrationA.GetAsync($"/meetings/{draft}/registrations"), HttpStatusCode.NotFound, "not_found");
    }
}

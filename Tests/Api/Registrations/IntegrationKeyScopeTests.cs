namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Issue 11, item 6, across two integration keys: key B may not register an attendee of hospital A
/// (which would hand A's key the e-mail B sent), and what B registers without a hospital stays out of A's reach.</summary>
public sealed class IntegrationKeyScopeTests : RegistrationTestBase
{
    private Guid _meeting;
    private Guid _hospitalA;
    private Guid _hospitalB;
    private HttpClient _keyA = null!;
    private HttpClient _keyB = null!;

    [SetUp]
    public async Task CreateKeys()
    {
        _meeting = await CreateOpenMeetingAsync(inPerson: 50);
        _hospitalA = await CreateHospitalAsync();
        _hospitalB = await CreateHospitalAsync();
        _keyA = await ClientForRoleAsync("integration", _hospitalA);
        _keyB = await ClientForRoleAsync("integration", _hospitalB);
    }

    [TearDown]
    public void DisposeClients()
    {
        _keyA.Dispose();
        _keyB.Dispose();
    }

    [Test]
    public async Task SignUp_WhenIntegrationKeyNamesAnotherHospital_Returns403AndRegistersNobody()
    {
        var email = $"{Guid.NewGuid():N}@example.cn";

        await ExpectProblem(await PostSignUpAsync(_keyB, _meeting, SignUpBody(email: email, hospitalId: _hospitalA)), HttpStatusCode.Forbidden, "hospital_out_of_scope");

        var feedA = await (await _keyA.GetAsync("/changes?limit=200&entity=registration")).Content.ReadAsStringAsync();
        var registered = await ListAllAsync(_meeting);
        Assert.Multiple(() =>
        {
            Assert.That(registered, Is.Empty);
            Assert.That(feedA, Does.Not.Contain("registration.created"));
        });
    }

    [Test]
    public async Task SignUp_WhenIntegrationKeyNamesItsOwnHospital_Returns201()
    {
        var response = await PostSignUpAsync(_keyB, _meeting, SignUpBody(hospitalId: _hospitalB));

        await Expect(response, HttpStatusCode.Created);
        Assert.That((await Json(response))["hospitalId"]!.GetValue<Guid>(), Is.EqualTo(_hospitalB));
    }

    [Test]
    public async Task GetAndCancel_WhenAnotherKeyRegisteredWithoutHospital_Return404AndChangeNothing()
    {
        var byB = await Json(await PostSignUpAsync(_keyB, _meeting, SignUpBody()));

        await ExpectProblem(await _keyA.GetAsync($"/registrations/{Id(byB)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await _keyA.PostAsync($"/registrations/{Id(byB)}/cancel", null), HttpStatusCode.NotFound, "not_found");

        Assert.That(Status(await GetAsOrganiserAsync(Id(byB))), Is.EqualTo("confirmed"));
    }

    [Test]
    public async Task GetAndCancel_WhenOwnRegistrationWithoutHospital_Succeed()
    {
        var byB = await Json(await PostSignUpAsync(_keyB, _meeting, SignUpBody()));

        await Expect(await _keyB.GetAsync($"/registrations/{Id(byB)}"), HttpStatusCode.OK);
        var cancelled = await _keyB.PostAsync($"/registrations/{Id(byB)}/cancel", null);
        await Expect(cancelled, HttpStatusCode.OK);
        Assert.That(Status(await Json(cancelled)), Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task ListExportAndFeed_WhenAnotherKeyRegisteredWithoutHospital_ShowNothingOfIt()
    {
        var email = $"{Guid.NewGuid():N}@elsewhere.example.cn";
        var byB = await Json(await PostSignUpAsync(_keyB, _meeting, SignUpBody(email: email)));

        var listA = await (await _keyA.GetAsync($"/meetings/{_meeting}/registrations?limit=200")).Content.ReadAsStringAsync();
        var csvA = await (await _keyA.GetAsync($"/meetings/{_meeting}/registrations?format=csv")).Content.ReadAsStringAsync();
        var feedA = await (await _keyA.GetAsync("/changes?limit=200&entity=registration")).Content.ReadAsStringAsync();
        var listB = await (await _keyB.GetAsync($"/meetings/{_meeting}/registrations?limit=200")).Content.ReadAsStringAsync();
        var csvB = await (await _keyB.GetAsync($"/meetings/{_meeting}/registrations?format=csv")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(listA, Does.Not.Contain(Id(byB).ToString()).And.Not.Contain(email));
            Assert.That(csvA, Does.Not.Contain(email));
            Assert.That(feedA, Does.Not.Contain(Id(byB).ToString()));
            Assert.That(listB, Does.Contain(Id(byB).ToString()), "it stays in the scope of the key that registered it");
            Assert.That(csvB, Does.Contain(email));
        });
    }
}

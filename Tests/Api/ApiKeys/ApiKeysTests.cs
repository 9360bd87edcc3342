namespace EventScheduler.Tests.Api.ApiKeys;

public sealed class ApiKeysTests : ApiTestBase
{
    [Test]
    public async Task Create_ReturnsKeyOnceAndListShowsOnlyPrefix()
    {
        var response = await Admin.PostAsJsonAsync("/api-keys", new { name = "Portal", role = "organiser" });
        await Expect(response, HttpStatusCode.Created);
        var created = await Json(response);
        var key = created["key"]!.GetValue<string>();

        var listText = await (await Admin.GetAsync("/api-keys?limit=200")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(key, Does.StartWith("esk_").And.Length.GreaterThan(40));
            Assert.That(listText, Does.Not.Contain(key));
            Assert.That(listText, Does.Contain(created["keyPrefix"]!.GetValue<string>()));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }

    [Test]
    public async Task NewKey_Works_ThenRevoked_Returns401()
    {
        var created = await Json(await Admin.PostAsJsonAsync("/api-keys", new { name = "Temp", role = "organiser" }));
        using var client = Factory.ClientWithKey(created["key"]!.GetValue<string>());
        await Expect(await client.GetAsync("/hospitals"), HttpStatusCode.OK);

        await Expect(await Admin.DeleteAsync($"/api-keys/{created["id"]}"), HttpStatusCode.NoContent);

        await ExpectProblem(await client.GetAsync("/hospitals"), HttpStatusCode.Unauthorized, "unauthorized");
        var listed = (await Json(await Admin.GetAsync("/api-keys?limit=200")))["items"]!.AsArray()
            .Single(k => k!["id"]!.GetValue<string>() == created["id"]!.GetValue<string>());
        Assert.That(listed!["revokedAt"], Is.Not.Null);
        Assert.That(listed["lastUsedAt"], Is.Not.Null);
    }

    [Test]
    public async Task RevokedKey_OnPublicEndpoint_Returns401()
    {
        var created = await Json(await Admin.PostAsJsonAsync("/api-keys", new { name = "Temp", role = "organiser" }));
        await Expect(await Admin.DeleteAsync($"/api-keys/{created["id"]}"), HttpStatusCode.NoContent);
        using var client = Factory.ClientWithKey(created["key"]!.GetValue<string>());

        await ExpectProblem(await client.GetAsync("/meetings"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task Create_IntegrationWithoutHospital_Returns400()
    {
        var problem = await ExpectProblem(await Admin.PostAsJsonAsync("/api-keys", new { name = "Portal", role = "integration" }), HttpStatusCode.BadRequest, "validation_failed");

        Assert.That(problem["errors"]!["hospitalId"], Is.Not.Null);
    }

    [Test]
    public async Task Create_IntegrationWithUnknownHospital_Returns400() =>
        await ExpectProblem(await Admin.PostAsJsonAsync("/api-keys", new { name = "Portal", role = "integration", hospitalId = Guid.NewGuid() }),
            HttpStatusCode.BadRequest, "unknown_hospital");

    [Test]
    public async Task Create_OrganiserWithHospital_Returns400() =>
        await ExpectProblem(await Admin.PostAsJsonAsync("/api-keys", new { name = "Portal", role = "organiser", hospitalId = await CreateHospitalAsync() }),
            HttpStatusCode.BadRequest, "validation_failed");

    [Test]
    public async Task Create_WithUnknownRole_Returns400() =>
        await ExpectProblem(await Admin.PostAsJsonAsync("/api-keys", new { name = "Portal", role = "superuser" }), HttpStatusCode.BadRequest, "validation_failed");

    [Test]
    public async Task Create_ByOrganiser_Returns403() =>
        await ExpectProblem(await Organiser.PostAsJsonAsync("/api-keys", new { name = "Escalate", role = "admin" }), HttpStatusCode.Forbidden, "forbidden");

    [Test]
    public async Task Revoke_WhenUnknown_Returns404() =>
        await ExpectProblem(await Admin.DeleteAsync($"/api-keys/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task UnknownKey_Returns401() =>
        await ExpectProblem(await Factory.ClientWithKey("esk_wrong").GetAsync("/hospitals"), HttpStatusCode.Unauthorized, "unauthorized");

    [Test]
    public void Start_WhenBootstrapKeyTooShort_Fails()
    {
        using var factory = new ApiFactory(new Dictionary<string, string?> { ["Auth:BootstrapAdminKey"] = "short" });

        var error = Assert.Catch(() => factory.CreateClient());

        Assert.That(error!.ToString(), Does.Contain("BootstrapAdminKey"));
    }
}

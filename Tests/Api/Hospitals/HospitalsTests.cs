namespace EventScheduler.Tests.Api.Hospitals;

public sealed class HospitalsTests : ApiTestBase
{
    [Test]
    public async Task Create_WhenValid_Returns201WithLocationAndETag()
    {
        var name = Unique("First Affiliated Hospital");
        var response = await Organiser.PostAsJsonAsync("/hospitals", new { name, city = "Xi'an", province = "Shaanxi", allianceRole = "chair" });

        await Expect(response, HttpStatusCode.Created);
        var body = await Json(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo(name));
            Assert.That(body["allianceRole"]!.GetValue<string>(), Is.EqualTo("chair"));
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/hospitals/{body["id"]}"));
            Assert.That(response.Headers.ETag, Is.Not.Null);
        });
    }

    [Test]
    public async Task Create_WhenNameTaken_Returns409()
    {
        var name = Unique("Hospital");
        await CreateHospitalAsync(name: name);

        var response = await Organiser.PostAsJsonAsync("/hospitals", new { name = name.ToUpperInvariant(), city = "X", province = "Y", allianceRole = "member" });

        await ExpectProblem(response, HttpStatusCode.Conflict, "hospital_exists");
    }

    [TestCase("{\"name\":\"\",\"city\":\"X\",\"province\":\"Y\",\"allianceRole\":\"member\"}", "name")]
    [TestCase("{\"name\":\"A\",\"city\":\"X\",\"province\":\"Y\"}", "allianceRole")]
    [TestCase("{\"name\":\"A\",\"city\":\"X\",\"province\":\"Y\",\"allianceRole\":\"president\"}", "allianceRole")]
    [TestCase("{\"name\":\"A\",\"city\":\"X\",\"province\":\"Y\",\"allianceRole\":1}", "allianceRole")]
    [TestCase("{\"name\":42,\"city\":\"X\",\"province\":\"Y\",\"allianceRole\":\"member\"}", "name")]
    [TestCase("{\"name\":\"A\",", "body")]
    [TestCase("[]", "body")]
    public async Task Create_WhenBodyInvalid_Returns400ByField(string json, string field)
    {
        var response = await Organiser.PostAsync("/hospitals", RawJson(json));

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
    }

    [Test]
    public async Task Create_WhenNameAbsurdlyLong_Returns400()
    {
        var response = await Organiser.PostAsJsonAsync("/hospitals", new { name = new string('x', 5000), city = "X", province = "Y", allianceRole = "member" });

        await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task Create_WhenBodyOver64KiB_Returns413AndStoresNothing()
    {
        var name = Unique("Huge");
        var json = $"{{\"name\":\"{name}\",\"city\":\"X\",\"province\":\"Y\",\"allianceRole\":\"member\",\"pad\":\"{new string('x', 70_000)}\"}}";

        var response = await Organiser.PostAsync("/hospitals", RawJson(json));

        await ExpectProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        var list = await Json(await Organiser.GetAsync("/hospitals?limit=200"));
        Assert.That(list["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()), Does.Not.Contain(name));
    }

    [Test]
    public async Task Create_WithoutKey_Returns401()
    {
        var response = await Anonymous.PostAsJsonAsync("/hospitals", new { name = "A", city = "X", province = "Y", allianceRole = "member" });

        await ExpectProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task Create_WithCheckInKey_Returns403()
    {
        using var checkIn = await ClientForRoleAsync("check_in");

        var response = await checkIn.PostAsJsonAsync("/hospitals", new { name = "A", city = "X", province = "Y", allianceRole = "member" });

        await ExpectProblem(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task Get_WhenUnknown_Returns404()
    {
        await ExpectProblem(await Organiser.GetAsync($"/hospitals/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task List_WhenFilteredByProvinceAndRole_ReturnsOnlyMatchesInNameOrder()
    {
        var province = Unique("Province");
        var b = await CreateHospitalAsync(province, "member", name: "B " + province);
        var a = await CreateHospitalAsync(province, "member", name: "A " + province);
        await CreateHospitalAsync(province, "vice_chair");

        var body = await Json(await Organiser.GetAsync($"/hospitals?province={Uri.EscapeDataString(province)}&role=member"));

        Assert.That(body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()), Is.EqualTo(new[] { a, b }));
    }

    [Test]
    public async Task List_WhenPaged_VisitsEveryItemOnce()
    {
        var province = Unique("Province");
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateHospitalAsync(province));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var url = $"/hospitals?province={Uri.EscapeDataString(province)}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await Json(await Organiser.GetAsync(url));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(seen, Is.EquivalentTo(created));
        Assert.That(seen, Is.Unique);
    }

    [TestCase("limit=0")]
    [TestCase("limit=abc")]
    [TestCase("limit=100000")]
    [TestCase("cursor=not-a-cursor!!")]
    [TestCase("role=president")]
    public async Task List_WhenQueryInvalid_Returns400(string query)
    {
        var response = await Organiser.GetAsync($"/hospitals?{query}");

        await Expect(response, HttpStatusCode.BadRequest);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Update_WhenIfMatchStale_Returns412AndKeepsData()
    {
        var id = await CreateHospitalAsync();
        var get = await Organiser.GetAsync($"/hospitals/{id}");
        var etag = get.Headers.ETag!.ToString();
        await Expect(await SendAsync(Organiser, HttpMethod.Put, $"/hospitals/{id}", new { name = Unique("Renamed"), city = "C", province = "P", allianceRole = "member" }, etag), HttpStatusCode.OK);

        var stale = await SendAsync(Organiser, HttpMethod.Put, $"/hospitals/{id}", new { name = "Lost update", city = "C", province = "P", allianceRole = "member" }, etag);

        await ExpectProblem(stale, HttpStatusCode.PreconditionFailed, "precondition_failed");
        var current = await Json(await Organiser.GetAsync($"/hospitals/{id}"));
        Assert.That(current["name"]!.GetValue<string>(), Does.StartWith("Renamed"));
    }

    [Test]
    public async Task Delete_WhenReferencedByFaculty_Returns409InUse()
    {
        var hospital = await CreateHospitalAsync();
        await CreateFacultyAsync(hospital);

        await ExpectProblem(await Organiser.DeleteAsync($"/hospitals/{hospital}"), HttpStatusCode.Conflict, "in_use");
        await Expect(await Organiser.GetAsync($"/hospitals/{hospital}"), HttpStatusCode.OK);
    }

    [Test]
    public async Task Delete_WhenUnreferenced_Returns204ThenGone()
    {
        var hospital = await CreateHospitalAsync();

        await Expect(await Organiser.DeleteAsync($"/hospitals/{hospital}"), HttpStatusCode.NoContent);
        await ExpectProblem(await Organiser.GetAsync($"/hospitals/{hospital}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Create_WhenNameHasControlCharacters_Returns400()
    {
        var response = await Organiser.PostAsync("/hospitals", RawJson("{\"name\":\"H1\\u0000\",\"city\":\"X\",\"province\":\"Y\",\"allianceRole\":\"member\"}"));

        await ExpectProblem(response, HttpStatusCode.BadRequest, "invalid_characters");
    }
}

namespace EventScheduler.Tests.Api.Infrastructure;

/// <summary>Idempotency-Key on the creating endpoints other than sign-up (hospitals, faculty, meetings): the same
/// helper, with the record written by the store's own transaction.</summary>
[TestFixtureSource(typeof(StorageProviders), nameof(StorageProviders.Both))]
public sealed class IdempotentCreateTests : ApiTestBase
{
    public IdempotentCreateTests(string provider)
        : base(provider)
    {
    }

    private static HttpRequestMessage Keyed(string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static Task<HttpResponseMessage> SendKeyedAsync(HttpClient client, string url, object body, string key) =>
        client.SendAsync(Keyed(url, body, key), HttpCompletionOption.ResponseHeadersRead);

    [Test]
    public async Task CreateHospital_WhenRetriedWithSameKey_ReplaysAndCreatesOne()
    {
        var name = Unique("Idempotent Hospital");
        var body = new { name, city = "Xining", province = "Qinghai", allianceRole = "member" };
        var key = Guid.NewGuid().ToString();

        var first = await Organiser.SendAsync(Keyed("/hospitals", body, key));
        var retry = await Organiser.SendAsync(Keyed("/hospitals", body, key));
        var changed = await Organiser.SendAsync(Keyed("/hospitals", new { name = name + "x", city = "Xining", province = "Qinghai", allianceRole = "member" }, key));

        await Expect(first, HttpStatusCode.Created);
        await Expect(retry, HttpStatusCode.Created);
        await ExpectProblem(changed, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Multiple(async () =>
        {
            Assert.That(await retry.Content.ReadAsByteArrayAsync(), Is.EqualTo(await first.Content.ReadAsByteArrayAsync()));
            Assert.That(retry.Headers.Location, Is.EqualTo(first.Headers.Location));
            Assert.That(first.Headers.Location!.ToString(), Does.StartWith("/hospitals/"));
            var list = await Json(await Organiser.GetAsync("/hospitals?province=Qinghai&limit=200"));
            Assert.That(list["items"]!.AsArray().Count(i => i!["name"]!.GetValue<string>().StartsWith(name, StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CreateFacultyAndMeeting_WhenRetriedWithSameKey_Replay()
    {
        var hospital = await CreateHospitalAsync();
        var faculty = new { fullName = Unique("Dir. Liu"), title = "Director", hospitalId = hospital, specialty = "HPB" };
        var meeting = MeetingBody(hospital);
        var facultyKey = Guid.NewGuid().ToString();
        var meetingKey = Guid.NewGuid().ToString();

        var f1 = await Organiser.SendAsync(Keyed("/faculty", faculty, facultyKey));
        var f2 = await Organiser.SendAsync(Keyed("/faculty", faculty, facultyKey));
        var m1 = await Organiser.SendAsync(Keyed("/meetings", meeting, meetingKey));
        var m2 = await Organiser.SendAsync(Keyed("/meetings", meeting, meetingKey));

        await Expect(f1, HttpStatusCode.Created);
        await Expect(m1, HttpStatusCode.Created);
        Assert.Multiple(async () =>
        {
            Assert.That(await f2.Content.ReadAsByteArrayAsync(), Is.EqualTo(await f1.Content.ReadAsByteArrayAsync()));
            Assert.That(await m2.Content.ReadAsByteArrayAsync(), Is.EqualTo(await m1.Content.ReadAsByteArrayAsync()));
            Assert.That(m2.Headers.Location, Is.EqualTo(m1.Headers.Location));
        });
    }

    [Test]
    public async Task CreateHospital_WhenFirstAttemptConflicted_StoresNothing()
    {
        var name = Unique("Taken");
        await CreateHospitalAsync(name: name);
        var key = Guid.NewGuid().ToString();
        var body = new { name, city = "X", province = "Y", allianceRole = "member" };

        await ExpectProblem(await Organiser.SendAsync(Keyed("/hospitals", body, key)), HttpStatusCode.Conflict, "hospital_exists");
        await ExpectProblem(await Organiser.SendAsync(Keyed("/hospitals", body, key)), HttpStatusCode.Conflict, "hospital_exists");
    }

    [Test]
    public async Task CreateHospital_WhenRetriedTheInstantTheAnswerArrives_AlwaysReplays()
    {
        var refused = new List<int>();
        for (var i = 0; i < 150; i++)
        {
            var body = new { name = Unique("Instant Hospital"), city = "Xining", province = "Qinghai", allianceRole = "member" };
            var key = Guid.NewGuid().ToString();
            using var first = await SendKeyedAsync(Organiser, "/hospitals", body, key);
            using var retry = await SendKeyedAsync(Organiser, "/hospitals", body, key);
            if (retry.StatusCode != HttpStatusCode.Created || !retry.Headers.Contains("Idempotent-Replayed"))
            {
                refused.Add((int)retry.StatusCode);
            }
        }

        Assert.That(refused, Is.Empty, "retries that did not replay");
    }
}

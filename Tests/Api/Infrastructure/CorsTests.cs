namespace EventScheduler.Tests.Api.Infrastructure;

/// <summary>A hospital portal on an allowed origin calls the API from a browser.</summary>
public sealed class CorsTests : ApiTestBase
{
    private const string Portal = "https://portal.hospital.example.cn";

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Cors:AllowedOrigins:0"] = Portal,
    };

    private static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/meetings");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    [Test]
    public async Task Preflight_FromAnAllowedOrigin_AllowsTheApisMethodsAndHeaders()
    {
        using var request = Preflight(Portal, "POST", "content-type,x-api-key,idempotency-key,if-match,x-registration-token");

        var response = await Anonymous.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.InRange(200, 204));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Portal }));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), Does.Contain("POST").And.Contain("PATCH"));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant(),
                Does.Contain("x-api-key").And.Contain("idempotency-key").And.Contain("if-match").And.Contain("x-registration-token"));
        });
    }

    [Test]
    public async Task Preflight_FromAnotherOrigin_GetsNoCorsHeaders()
    {
        using var request = Preflight("https://elsewhere.example.com", "POST", "x-api-key");

        var response = await Anonymous.SendAsync(request);

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task Request_FromAnAllowedOrigin_ExposesETagLocationAndRetryAfter()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/meetings");
        request.Headers.Add("Origin", Portal);

        var response = await Anonymous.SendAsync(request);

        await Expect(response, HttpStatusCode.OK);
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Portal }));
            Assert.That(exposed, Does.Contain("ETag").And.Contain("Location").And.Contain("Retry-After"));
        });
    }

    [Test]
    public async Task ErrorAnswer_ToAnAllowedOrigin_IsReadableByTheBrowser()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/meetings/{Guid.NewGuid()}");
        request.Headers.Add("Origin", Portal);

        var response = await Anonymous.SendAsync(request);

        await ExpectProblem(response, HttpStatusCode.NotFound, "not_found");
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Portal }));
    }

    [Test]
    public async Task WrongMethod_Returns405WithAllow()
    {
        var response = await Organiser.PutAsync("/meetings", RawJson("{}"));

        await ExpectProblem(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.That(response.Content.Headers.Allow, Is.SupersetOf(new[] { "GET", "POST" }));
    }
}

namespace EventScheduler.Tests.Api.Infrastructure;

public sealed class ErrorsTests : ApiTestBase
{
    [Test]
    public async Task UnknownPath_Returns404Problem() =>
        await ExpectProblem(await Anonymous.GetAsync("/no-such-thing"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task WrongMethod_Returns405Problem() =>
        await ExpectProblem(await Organiser.PutAsync("/meetings", RawJson("{}")), HttpStatusCode.MethodNotAllowed, "method_not_allowed");

    [Test]
    public async Task MalformedRouteId_Returns400Problem()
    {
        var response = await Organiser.GetAsync("/hospitals/not-a-guid");

        await Expect(response, HttpStatusCode.BadRequest);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task DeeplyNestedJson_Returns400NotStackTrace()
    {
        var json = "{\"name\":" + new string('[', 500) + new string(']', 500) + "}";

        var response = await Organiser.PostAsync("/hospitals", RawJson(json));

        await Expect(response, HttpStatusCode.BadRequest);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("   at "));
    }

    [Test]
    public async Task Health_IsPublicAndReportsDatabase()
    {
        var body = await Json(await Anonymous.GetAsync("/health"));

        Assert.That((body["status"]!.GetValue<string>(), body["database"]!.GetValue<string>()), Is.EqualTo(("ok", "ok")));
    }
}

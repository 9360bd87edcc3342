namespace EventScheduler.Tests.Pages;

/// <summary>Pages share the API's limits (same partitions), without a browser: plain HTTP is enough here.</summary>
public sealed class PageRateLimitTests : EventScheduler.Tests.Api.ApiTestBase
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:AnonymousRead:PermitLimit"] = "3",
        ["RateLimiting:AnonymousRead:Window"] = "01:00:00",
    };

    [Test]
    public async Task Pages_WhenAnonymousReadsOfPagesAndApiTogetherExceedTheLimit_Answer429AsAChinesePage()
    {
        await Expect(await Anonymous.GetAsync("/"), HttpStatusCode.OK);
        await Expect(await Anonymous.GetAsync("/meetings"), HttpStatusCode.OK);
        await Expect(await Anonymous.GetAsync("/m/" + Guid.NewGuid()), HttpStatusCode.NotFound);

        var rejected = await Anonymous.GetAsync("/");

        Assert.Multiple(async () =>
        {
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(rejected.Headers.RetryAfter, Is.Not.Null);
            Assert.That(rejected.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(await rejected.Content.ReadAsStringAsync(), Does.Contain("操作过于频繁，请稍等片刻再试。"));
        });
    }
}

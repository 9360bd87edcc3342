namespace EventScheduler.Tests.Api.Integration;

/// <summary>Tiny limits, so each budget runs out within a test.</summary>
public sealed class RateLimitingTests : ApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:PerApiKey:PermitLimit"] = "5",
        ["RateLimiting:PerApiKey:Window"] = "00:10:00",
        ["RateLimiting:AnonymousRead:PermitLimit"] = "4",
        ["RateLimiting:AnonymousRead:Window"] = "00:10:00",
        ["RateLimiting:AnonymousWrite:PermitLimit"] = "2",
        ["RateLimiting:AnonymousWrite:Window"] = "00:10:00",
    };

    [Test]
    public async Task Requests_WhenKeyBudgetSpent_Return429WithRetryAfterAndOtherKeysStillPass()
    {
        using var client = Factory.ClientWithKey(await CreateKeyAsync("organiser"));
        for (var i = 0; i < 5; i++)
        {
            await Expect(await client.GetAsync("/hospitals"), HttpStatusCode.OK);
        }

        var limited = await client.GetAsync("/hospitals");

        var problem = await ExpectProblem(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Multiple(async () =>
        {
            Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThan(0).And.LessThanOrEqualTo(600));
            Assert.That(problem["retryAfterSeconds"]!.GetValue<int>(), Is.GreaterThan(0));
            await Expect(await Organiser.GetAsync("/hospitals"), HttpStatusCode.OK);
        });
    }

    [Test]
    public async Task AnonymousWrites_HaveAStricterBudgetThanReads()
    {
        var body = new { name = "x", city = "x", province = "x", allianceRole = "member" };
        await ExpectProblem(await Anonymous.PostAsJsonAsync("/hospitals", body), HttpStatusCode.Unauthorized, "unauthorized");
        await ExpectProblem(await Anonymous.PostAsJsonAsync("/hospitals", body), HttpStatusCode.Unauthorized, "unauthorized");

        var limited = await Anonymous.PostAsJsonAsync("/hospitals", body);

        await ExpectProblem(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        for (var i = 0; i < 4; i++)
        {
            await Expect(await Anonymous.GetAsync("/meetings"), HttpStatusCode.OK);
        }

        await ExpectProblem(await Anonymous.GetAsync("/meetings"), HttpStatusCode.TooManyRequests, "rate_limited");
        await Expect(await Anonymous.GetAsync("/health"), HttpStatusCode.OK);
    }

    [Test]
    public async Task MadeUpKeys_CountAgainstTheClientAddress()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var client = Factory.ClientWithKey($"esk_made_up_{Guid.NewGuid():N}");
            statuses.Add((await client.GetAsync("/meetings")).StatusCode);
        }

        Assert.That(statuses, Does.Contain(HttpStatusCode.TooManyRequests), string.Join(",", statuses));
    }
}


public sealed class RateLimitingDisabledTests : ApiTestBase
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "false",
        ["RateLimiting:AnonymousRead:PermitLimit"] = "1",
    };

    [Test]
    public async Task Requests_WhenDisabled_AreNeverLimited()
    {
        for (var i = 0; i < 20; i++)
        {
            await Expect(await Anonymous.GetAsync("/meetings"), HttpStatusCode.OK);
        }
    }
}

public sealed class IntegrationOpenApiTests : ApiTestBase
{
    [Test]
    public async Task Document_DeclaresIntegrationOperationsAnd429()
    {
        var doc = await Json(await Anonymous.GetAsync("/swagger/v1/swagger.json"));
        var paths = doc["paths"]!.AsObject();
        Assert.Multiple(() =>
        {
            foreach (var path in new[] { "/webhooks", "/webhooks/{id}", "/webhooks/{id}/deliveries", "/webhooks/{id}/deliveries/{deliveryId}/redeliver", "/changes" })
            {
                Assert.That(paths.ContainsKey(path), Is.True, path);
            }

            var tooMany = paths["/meetings"]!["get"]!["responses"]!["429"];
            Assert.That(tooMany, Is.Not.Null);
            Assert.That(tooMany!["headers"]!["Retry-After"], Is.Not.Null);
            Assert.That(paths["/health"]!["get"]!["responses"]!["429"], Is.Null);
            Assert.That(paths["/changes"]!["get"]!["operationId"]!.GetValue<string>(), Is.EqualTo("changesList"));
        });
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Webhooks.Get;

public sealed class Request
{
    [RouteParam]
    public string Id { get; init; } = "";
}

public sealed class Endpoint(WebhookSubscriptionStore store) : Endpoint<Request, WebhookResponse>
{
    public override void Configure()
    {
        Get("/webhooks/{id}");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces<WebhookResponse>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Get a webhook subscription (never its secret)");
        Tags("Webhooks");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var row = await store.GetAsync(req.Id, ct) ?? throw ApiException.NotFound("Webhook subscription");
        await Send.OkAsync(WebhookResponse.From(row), ct);
    }
}

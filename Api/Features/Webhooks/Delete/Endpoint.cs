using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Webhooks.Delete;

public sealed class Request
{
    [RouteParam]
    public string Id { get; init; } = "";
}

public sealed class Endpoint(WebhookSubscriptionStore store) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/webhooks/{id}");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces(204).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Delete a webhook subscription and its delivery log; pending deliveries are dropped");
        Tags("Webhooks");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!await store.DeleteAsync(req.Id, ct))
        {
            throw ApiException.NotFound("Webhook subscription");
        }

        await Send.NoContentAsync(ct);
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Webhooks.ListDeliveries;

public sealed class Request : PagedRequest
{
    [RouteParam]
    public string Id { get; init; } = "";

    /// <summary>Only deliveries in this state.</summary>
    [QueryParam]
    public DeliveryStatus? Status { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            PagingRules.Apply(this);
        }
    }
}

public sealed class Endpoint(WebhookSubscriptionStore subscriptions, WebhookDeliveryLog log) : Endpoint<Request, Page<DeliveryResponse>>
{
    public override void Configure()
    {
        Get("/webhooks/{id}/deliveries");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces<Page<DeliveryResponse>>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Delivery log of a subscription, newest first, with every attempt");
        Tags("Webhooks");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        _ = await subscriptions.GetAsync(req.Id, ct) ?? throw ApiException.NotFound("Webhook subscription");
        var limit = Cursor.Limit(req.Limit);
        var (rows, attempts) = await log.ListAsync(req.Id, req.Status is { } s ? EnumText.ToText(s) : null, Cursor.Decode(req.Cursor)?.Id, limit + 1, ct);
        await Send.OkAsync(Page.Of(rows, limit, r => DeliveryResponse.From(r, attempts[r.Id]), r => ("", r.Id)), ct);
    }
}

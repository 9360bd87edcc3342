using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Integration;
using EventScheduler.Api.Storage;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Features.Webhooks.Redeliver;

public sealed class Request
{
    [RouteParam]
    public string Id { get; init; } = "";

    [RouteParam]
    public string DeliveryId { get; init; } = "";
}

public sealed class Endpoint(WebhookDeliveryLog log, WebhookSignal signal, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
    : Endpoint<Request, DeliveryResponse>
{
    public override void Configure()
    {
        Post("/webhooks/{id}/deliveries/{deliveryId}/redeliver");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces<DeliveryResponse>(202).ProducesProblems(404, 409), clearDefaults: true);
        Summary(s => s.Summary = "Send a delivery again now (same event id), with a fresh retry window");
        Tags("Webhooks");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var found = await log.RedeliverAsync(req.Id, req.DeliveryId, Instants.ToMs(now), Instants.ToMs(now + options.CurrentValue.MaxRetryAge), ct);
        if (found.Subscription is not { } subscription)
        {
            throw ApiException.NotFound("Webhook subscription");
        }

        if (!subscription.IsActive)
        {
            throw new ApiException(StatusCodes.Status409Conflict, "webhook_disabled",
                $"The subscription is disabled ({subscription.DisabledReason}); create a new one to receive deliveries.");
        }

        var delivery = found.Delivery ?? throw ApiException.NotFound("Delivery");
        signal.Wake();
        await Send.ResponseAsync(DeliveryResponse.From(delivery, found.Attempts), StatusCodes.Status202Accepted, ct);
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Webhooks.List;

public sealed class Request : PagedRequest
{
    public sealed class Validator : Validator<Request>
    {
        public Validator() => PagingRules.Apply(this);
    }
}

public sealed class Endpoint(WebhookSubscriptionStore store) : Endpoint<Request, Page<WebhookResponse>>
{
    public override void Configure()
    {
        Get("/webhooks");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces<Page<WebhookResponse>>(200), clearDefaults: true);
        Summary(s => s.Summary = "List webhook subscriptions, disabled ones included");
        Tags("Webhooks");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = Cursor.Limit(req.Limit);
        var rows = await store.ListAsync(Cursor.Decode(req.Cursor)?.Id, limit + 1, ct);
        await Send.OkAsync(Page.Of(rows, limit, WebhookResponse.From, r => ("", r.Id)), ct);
    }
}

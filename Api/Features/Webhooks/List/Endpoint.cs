using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Webhooks.List;

public sealed class Request
{
    [QueryParam]
    public int? Limit { get; init; }

    [QueryParam]
    public string? Cursor { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Limit).InclusiveBetween(1, Infrastructure.Cursor.MaxLimit);
            RuleFor(x => x.Cursor).MaximumLength(1000);
        }
    }
}

public sealed class Endpoint(WebhookStore store) : Endpoint<Request, Page<WebhookResponse>>
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
        var after = Cursor.Decode(req.Cursor);
        var rows = await store.ListSubscriptionsAsync(after?.Id, limit + 1, ct);
        var page = rows.Take(limit).Select(WebhookResponse.From).ToList();
        await Send.OkAsync(new Page<WebhookResponse>
        {
            Items = page,
            NextCursor = rows.Count > limit ? Cursor.Encode("", page[^1].Id) : null,
        }, ct);
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.ApiKeys.List;

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

public sealed class Endpoint(ApiKeyStore store) : Endpoint<Request, Page<ApiKeyResponse>>
{
    public override void Configure()
    {
        Get("/api-keys");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces<Page<ApiKeyResponse>>(200), clearDefaults: true);
        Summary(s => s.Summary = "List API keys (never the keys themselves), revoked ones included");
        Tags("API keys");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = Cursor.Limit(req.Limit);
        var after = Cursor.Decode(req.Cursor);
        var rows = await store.ListAsync(after?.Id, limit + 1, ct);
        var page = rows.Take(limit).Select(ApiKeyResponse.From).ToList();
        await Send.OkAsync(new Page<ApiKeyResponse>
        {
            Items = page,
            NextCursor = rows.Count > limit ? Cursor.Encode("", page[^1].Id) : null,
        }, ct);
    }
}

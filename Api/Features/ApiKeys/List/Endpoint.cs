using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.ApiKeys.List;

public sealed class Request : PagedRequest
{
    public sealed class Validator : Validator<Request>
    {
        public Validator() => PagingRules.Apply(this);
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
        var rows = await store.ListAsync(Cursor.Decode(req.Cursor)?.Id, limit + 1, ct);
        await Send.OkAsync(Page.Of(rows, limit, ApiKeyResponse.From, k => ("", k.Id)), ct);
    }
}

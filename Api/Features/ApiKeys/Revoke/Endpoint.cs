using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.ApiKeys.Revoke;

public sealed class Request
{
    [RouteParam]
    public string Id { get; init; } = "";
}

public sealed class Endpoint(ApiKeyStore store, ApiKeyService keys, TimeProvider time, Observability.AuditLog audit) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/api-keys/{id}");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces(204).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Revoke an API key; it stops working at once and stays listed with revokedAt");
        Tags("API keys");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var row = await store.RevokeAsync(req.Id, Instants.ToMs(time.GetUtcNow()), ct) ?? throw ApiException.NotFound("API key");
        keys.Forget(row.Id, row.KeyHash);
        audit.KeyRevoked(Caller.From(User).KeyId, row.Id);
        await Send.NoContentAsync(ct);
    }
}

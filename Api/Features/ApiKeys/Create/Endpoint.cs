using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Access;
using FastEndpoints;

namespace EventScheduler.Api.Features.ApiKeys.Create;

/// <summary>A new API key.</summary>
public sealed class Request
{
    /// <summary>Who or what uses the key, e.g. "Hanzhong 3201 training portal".</summary>
    public string Name { get; init; } = "";

    /// <summary>What the key may do: admin, organiser, integration (scoped to one hospital) or check_in.</summary>
    public ApiRole? Role { get; init; }

    /// <summary>Required for integration keys (the hospital whose data the key may see); not allowed otherwise.</summary>
    public Guid? HospitalId { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200).NoControlCharacters();
            RuleFor(x => x.Role).NotNull();
            RuleFor(x => x.HospitalId).NotNull().NotEqual(Guid.Empty).When(x => x.Role == ApiRole.Integration)
                .WithMessage("An integration key must be scoped to a hospital.");
            RuleFor(x => x.HospitalId).Null().When(x => x.Role != ApiRole.Integration)
                .WithMessage("Only integration keys are scoped to a hospital.");
        }
    }
}

/// <summary>The new key, shown this once.</summary>
public sealed class Response : ApiKeyResponse
{
    /// <summary>The key to send as X-Api-Key. Shown only in this response: store it now.</summary>
    public required string Key { get; init; }
}

public sealed class Endpoint(ApiKeyStore store, TimeProvider time, Observability.AuditLog audit) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api-keys");
        Roles(RoleSets.AdminOnly);
        Description(b => b.Produces<Response>(201), clearDefaults: true);
        Summary(s => s.Summary = "Create an API key; the key is returned once and stored only as a hash");
        Tags("API keys");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var raw = ApiKeyService.NewRawKey();
        var row = new ApiKeyRow
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Name = req.Name.Trim(),
            Role = EnumText.ToText(req.Role!.Value),
            HospitalId = req.HospitalId?.ToString(),
            KeyHash = ApiKeyService.Hash(raw),
            KeyPrefix = raw[..10],
            CreatedAt = Instants.ToMs(now),
        };
        if (!await store.InsertAsync(row, ct))
        {
            throw Domain.Common.RuleViolation.Invalid("unknown_hospital", "'hospitalId' does not name a hospital.", "hospitalId");
        }

        audit.KeyCreated(Caller.From(User).KeyId, row.Id, row.Role, row.HospitalId);
        var view = ApiKeyResponse.From(row);
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.ResponseAsync(new Response
        {
            Id = view.Id,
            Name = view.Name,
            Role = view.Role,
            HospitalId = view.HospitalId,
            KeyPrefix = view.KeyPrefix,
            CreatedAt = view.CreatedAt,
            LastUsedAt = null,
            RevokedAt = null,
            Key = raw,
        }, StatusCodes.Status201Created, ct);
    }
}

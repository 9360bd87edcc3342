using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Access;

namespace EventScheduler.Api.Features.ApiKeys;

/// <summary>An API key as listed: never the key itself, only its prefix.</summary>
public class ApiKeyResponse
{
    /// <summary>The key's id (not the key itself); revoke with DELETE /api-keys/{id}.</summary>
    public required string Id { get; init; }

    /// <summary>Who or what uses the key.</summary>
    public required string Name { get; init; }

    /// <summary>What the key may do.</summary>
    public required ApiRole Role { get; init; }

    /// <summary>The hospital an integration key is scoped to; null for other roles.</summary>
    public required Guid? HospitalId { get; init; }

    /// <summary>The first characters of the key, to recognise it; the key itself is never shown again.</summary>
    public required string KeyPrefix { get; init; }

    /// <summary>When the key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key last authenticated a request; null if never.</summary>
    public required DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When the key was revoked; null while it works.</summary>
    public required DateTimeOffset? RevokedAt { get; init; }

    public static ApiKeyResponse From(ApiKeyRow r) => new()
    {
        Id = r.Id,
        Name = r.Name,
        Role = EnumText.Parse<ApiRole>(r.Role),
        HospitalId = r.HospitalId is null ? null : Guid.Parse(r.HospitalId),
        KeyPrefix = r.KeyPrefix,
        CreatedAt = Instants.FromMs(r.CreatedAt),
        LastUsedAt = Instants.FromMs(r.LastUsedAt),
        RevokedAt = Instants.FromMs(r.RevokedAt),
    };
}

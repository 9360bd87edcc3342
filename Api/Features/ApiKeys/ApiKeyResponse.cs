using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Access;

namespace EventScheduler.Api.Features.ApiKeys;

public class ApiKeyResponse
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required ApiRole Role { get; init; }

    /// <summary>The hospital an integration key is scoped to; null for other roles.</summary>
    public required Guid? HospitalId { get; init; }

    /// <summary>The first characters of the key, to recognise it; the key itself is never shown again.</summary>
    public required string KeyPrefix { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset? LastUsedAt { get; init; }
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

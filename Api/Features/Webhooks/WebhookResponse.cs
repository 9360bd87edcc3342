using System.Text.Json;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Features.Webhooks;

public enum WebhookStatus
{
    Active,
    Disabled,
}

public enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

public class WebhookResponse
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    public required string? Description { get; init; }

    /// <summary>Event types, "entity.*" patterns or "*".</summary>
    public required IReadOnlyList<string> EventTypes { get; init; }

    /// <summary>When set, the subscription receives only what an integration key of this hospital may see.</summary>
    public required Guid? HospitalId { get; init; }

    /// <summary>active, or disabled (e.g. after the receiver answered 410 Gone).</summary>
    public required WebhookStatus Status { get; init; }

    public required string? DisabledReason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    public static WebhookResponse From(WebhookSubscriptionRow r) => new()
    {
        Id = r.Id,
        Url = r.Url,
        Description = r.Description,
        EventTypes = JsonSerializer.Deserialize<string[]>(r.EventTypes) ?? [],
        HospitalId = r.HospitalId is null ? null : Guid.Parse(r.HospitalId),
        Status = EnumText.Parse<WebhookStatus>(r.Status),
        DisabledReason = r.DisabledReason,
        CreatedAt = Instants.FromMs(r.CreatedAt),
        UpdatedAt = Instants.FromMs(r.UpdatedAt),
    };
}

public sealed class DeliveryAttempt
{
    public required int Attempt { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required long DurationMs { get; init; }

    /// <summary>The receiver's HTTP status; null when no answer came (connection error, timeout, refused destination).</summary>
    public required int? StatusCode { get; init; }

    public required string? Error { get; init; }
}

public sealed class DeliveryResponse
{
    public required string Id { get; init; }
    public required string SubscriptionId { get; init; }

    /// <summary>The event's id, sent as the webhook-id header and the body's id (stable across retries).</summary>
    public required string EventId { get; init; }

    public required string EventType { get; init; }

    /// <summary>pending (queued or waiting for a retry), succeeded, or failed (gave up, or the subscription was disabled).</summary>
    public required DeliveryStatus Status { get; init; }

    public required int Attempts { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the next attempt is due (pending only).</summary>
    public required DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Retries stop after this instant.</summary>
    public required DateTimeOffset RetryUntil { get; init; }

    public required DateTimeOffset? LastAttemptAt { get; init; }
    public required int? LastStatusCode { get; init; }
    public required string? LastError { get; init; }
    public required DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Every attempt, oldest first.</summary>
    public required IReadOnlyList<DeliveryAttempt> AttemptLog { get; init; }

    public static DeliveryResponse From(WebhookDeliveryRow r, IEnumerable<WebhookAttemptRow> attempts) => new()
    {
        Id = r.Id,
        SubscriptionId = r.SubscriptionId,
        EventId = Integration.ChangeEvent.IdFor(r.ChangeSeq),
        EventType = r.EventType,
        Status = EnumText.Parse<DeliveryStatus>(r.Status),
        Attempts = (int)r.Attempts,
        CreatedAt = Instants.FromMs(r.CreatedAt),
        NextAttemptAt = r.Status == "pending" ? Instants.FromMs(r.NextAttemptAt) : null,
        RetryUntil = Instants.FromMs(r.RetryUntil),
        LastAttemptAt = Instants.FromMs(r.LastAttemptAt),
        LastStatusCode = (int?)r.LastStatusCode,
        LastError = r.LastError,
        DeliveredAt = Instants.FromMs(r.DeliveredAt),
        AttemptLog = attempts.Select(a => new DeliveryAttempt
        {
            Attempt = (int)a.Attempt,
            StartedAt = Instants.FromMs(a.StartedAt),
            DurationMs = a.DurationMs,
            StatusCode = (int?)a.StatusCode,
            Error = a.Error,
        }).ToList(),
    };
}

using System.Text.Json;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Features.Webhooks;

/// <summary>Whether a subscription receives deliveries.</summary>
public enum WebhookStatus
{
    /// <summary>Receives deliveries.</summary>
    Active,

    /// <summary>Receives nothing (the receiver answered 410 Gone, or an admin disabled it).</summary>
    Disabled,
}

/// <summary>Where a delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Queued, or waiting for a retry.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Succeeded,

    /// <summary>Given up (retry period over, or the subscription was disabled).</summary>
    Failed,
}

/// <summary>A webhook subscription (the signing secret is shown only when it is created).</summary>
public class WebhookResponse
{
    /// <summary>The subscription's id.</summary>
    public required string Id { get; init; }

    /// <summary>Where deliveries are POSTed (https).</summary>
    public required string Url { get; init; }

    /// <summary>What the subscription is for, e.g. "CME office".</summary>
    public required string? Description { get; init; }

    /// <summary>Event types, "entity.*" patterns or "*".</summary>
    [WireValues(typeof(Integration.EventTypes), nameof(Integration.EventTypes.Patterns))]
    public required IReadOnlyList<string> EventTypes { get; init; }

    /// <summary>When set, the subscription receives only what an integration key of this hospital may see.</summary>
    public required Guid? HospitalId { get; init; }

    /// <summary>active, or disabled (e.g. after the receiver answered 410 Gone).</summary>
    public required WebhookStatus Status { get; init; }

    /// <summary>Why the subscription was disabled; null while active.</summary>
    public required string? DisabledReason { get; init; }

    /// <summary>When the subscription was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the subscription last changed.</summary>
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

/// <summary>One try to deliver an event.</summary>
public sealed class DeliveryAttempt
{
    /// <summary>1 for the first try, counting up with each retry.</summary>
    public required int Attempt { get; init; }

    /// <summary>When the attempt started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the attempt took, in milliseconds.</summary>
    public required long DurationMs { get; init; }

    /// <summary>The receiver's HTTP status; null when no answer came (connection error, timeout, refused destination).</summary>
    public required int? StatusCode { get; init; }

    /// <summary>Why the attempt failed (connection error, timeout, non-2xx answer); null on success.</summary>
    public required string? Error { get; init; }
}

/// <summary>The delivery of one event to one subscription, with its attempts.</summary>
public sealed class DeliveryResponse
{
    /// <summary>The delivery's id; redeliver with POST /webhooks/{id}/deliveries/{deliveryId}/redeliver.</summary>
    public required string Id { get; init; }

    /// <summary>The subscription it is delivered to.</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>The event's id, sent as the webhook-id header and the body's id (stable across retries).</summary>
    public required string EventId { get; init; }

    /// <summary>The event's type.</summary>
    [WireValues(typeof(ChangeTypes), nameof(ChangeTypes.All))]
    public required string EventType { get; init; }

    /// <summary>pending (queued or waiting for a retry), succeeded, or failed (gave up, or the subscription was disabled).</summary>
    public required DeliveryStatus Status { get; init; }

    /// <summary>How many attempts were made so far.</summary>
    public required int Attempts { get; init; }

    /// <summary>When the delivery was queued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the next attempt is due (pending only).</summary>
    public required DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Retries stop after this instant.</summary>
    public required DateTimeOffset RetryUntil { get; init; }

    /// <summary>When the last attempt started; null before the first.</summary>
    public required DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>The receiver's HTTP status at the last attempt; null when no answer came.</summary>
    public required int? LastStatusCode { get; init; }

    /// <summary>Why the last attempt failed; null when it succeeded or none was made.</summary>
    public required string? LastError { get; init; }

    /// <summary>When the receiver accepted it (2xx); null until then.</summary>
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

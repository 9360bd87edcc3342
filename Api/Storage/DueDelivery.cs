namespace EventScheduler.Api.Storage;

/// <summary>A delivery the worker has claimed, with what it needs to send it.</summary>
public sealed class DueDelivery
{
    public string Id { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public long Attempts { get; init; }
    public long RetryUntil { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public long Seq { get; init; }
    public long OccurredAt { get; init; }
    public string Entity { get; init; } = "";
    public string EntityId { get; init; } = "";
    public string Type { get; init; } = "";
    public long Version { get; init; }
    public string? MeetingId { get; init; }
    public string? HospitalId { get; init; }
    public string Payload { get; init; } = "{}";

    /// <summary>The W3C traceparent of the work that recorded the change, if it was traced.</summary>
    public string? TraceParent { get; init; }

    public ChangeRow Change => new()
    {
        Seq = Seq, OccurredAt = OccurredAt, Entity = Entity, EntityId = EntityId, Type = Type, Version = Version,
        MeetingId = MeetingId, HospitalId = HospitalId, Payload = Payload,
    };
}

public enum AttemptOutcome
{
    Succeeded,
    Retry,
    GaveUp,
    Gone,
}

/// <summary>How one delivery attempt went, and when to try again (<see cref="AttemptOutcome.Retry"/> only).</summary>
public sealed record AttemptResult(string DeliveryId, long Attempt, long StartedAt, long DurationMs, int? StatusCode, string? Error,
    AttemptOutcome Outcome, long? NextAttemptAt);

using System.Text.Json;
using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Integration;

/// <summary>One change as the change feed lists it and a webhook delivers it (the webhook body).</summary>
public sealed class ChangeEvent
{
    /// <summary>Stable event id ("evt_" + seq): the same in the feed, in every webhook delivery of the
    /// event and in every retry (it is the <c>webhook-id</c> header), so receivers can de-duplicate.</summary>
    public required string Id { get; init; }

    /// <summary>Position in commit order; pass the last one you processed as <c>after</c>.</summary>
    public required long Seq { get; init; }

    /// <summary>The event type: what happened to the entity (one of the types webhooks subscribe to).</summary>
    [WireValues(typeof(ChangeTypes), nameof(ChangeTypes.All))]
    public required string Type { get; init; }

    /// <summary>When the change was committed (the meeting's time zone does not apply: UTC).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>What kind of entity changed: the event type's first part.</summary>
    [WireValues(typeof(ChangeTypes), nameof(ChangeTypes.Entities))]
    public required string Entity { get; init; }

    /// <summary>Id of the changed entity.</summary>
    public required string EntityId { get; init; }

    /// <summary>The entity's version after the change (its ETag); ignore events older than what you hold.</summary>
    public required int Version { get; init; }

    /// <summary>The meeting the change belongs to (meetings, slots, registrations); null for hospitals and faculty.</summary>
    public required string? MeetingId { get; init; }

    /// <summary>For attendee events: the attendee's hospital.</summary>
    public required string? HospitalId { get; init; }

    /// <summary>Snapshot of the entity after the change, with nothing a subscriber may not see.</summary>
    public required JsonElement Data { get; init; }

    public static string IdFor(long seq) => "evt_" + seq.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static ChangeEvent From(ChangeRow row)
    {
        using var doc = JsonDocument.Parse(row.Payload);
        return new ChangeEvent
        {
            Id = IdFor(row.Seq),
            Seq = row.Seq,
            Type = row.Type,
            OccurredAt = Infrastructure.Instants.FromMs(row.OccurredAt),
            Entity = row.Entity,
            EntityId = row.EntityId,
            Version = (int)row.Version,
            MeetingId = row.MeetingId,
            HospitalId = row.HospitalId,
            Data = doc.RootElement.Clone(),
        };
    }
}

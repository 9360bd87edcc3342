using System.Text.Json;

namespace EventScheduler.Api.Integration;

/// <summary>One change as the change feed lists it and a webhook delivers it (the webhook body).</summary>
public sealed class ChangeEvent
{
    /// <summary>Stable event id ("evt_" + seq): the same in the feed, in every webhook delivery of the
    /// event and in every retry (it is the <c>webhook-id</c> header), so receivers can de-duplicate.</summary>
    public required string Id { get; init; }

    /// <summary>Position in commit order; pass the last one you processed as <c>after</c>.</summary>
    public required long Seq { get; init; }

    /// <summary>e.g. meeting.published, slot.status_changed, registration.created.</summary>
    public required string Type { get; init; }

    /// <summary>When the change was committed (the meeting's time zone does not apply: UTC).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>meeting, slot, registration, hospital, faculty.</summary>
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
}

/// <summary>A row of the changes table.</summary>
public sealed class ChangeRow
{
    public long Seq { get; init; }
    public long OccurredAt { get; init; }
    public string Entity { get; init; } = "";
    public string EntityId { get; init; } = "";
    public string Type { get; init; } = "";
    public long Version { get; init; }
    public string? MeetingId { get; init; }
    public string? HospitalId { get; init; }
    public string Payload { get; init; } = "{}";

    public ChangeEvent ToEvent()
    {
        using var doc = JsonDocument.Parse(Payload);
        return new ChangeEvent
        {
            Id = ChangeEvent.IdFor(Seq),
            Seq = Seq,
            Type = Type,
            OccurredAt = Infrastructure.Instants.FromMs(OccurredAt),
            Entity = Entity,
            EntityId = EntityId,
            Version = (int)Version,
            MeetingId = MeetingId,
            HospitalId = HospitalId,
            Data = doc.RootElement.Clone(),
        };
    }
}

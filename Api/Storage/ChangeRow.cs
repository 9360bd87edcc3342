namespace EventScheduler.Api.Storage;

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
}

using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>How many of each slot's versions were live-status updates that did not cancel or restore it:
/// the calendar's SEQUENCE leaves those out (RFC 5546: only significant changes — time, place, status —
/// make calendar apps show an updated invitation).</summary>
public static class SlotLiveChanges
{
    private const string MinorSql = """
        SELECT slot_id AS SlotId, COUNT(*) AS Changes FROM slot_status_history
        WHERE meeting_id IN (SELECT value FROM json_each(@MeetingIds)) AND from_status <> 'cancelled' AND to_status <> 'cancelled'
        GROUP BY slot_id
        """;

    public static Task<Dictionary<Guid, int>> MinorAsync(Database db, IEnumerable<Guid> meetingIds, CancellationToken ct) =>
        db.ReadAsync(async c => (await c.QueryAsync<(string SlotId, long Changes)>(
                new CommandDefinition(MinorSql, new { MeetingIds = SqlList.Json(meetingIds.Select(m => m.ToString())) }, cancellationToken: ct)))
            .ToDictionary(r => Guid.Parse(r.SlotId), r => (int)r.Changes), ct);
}

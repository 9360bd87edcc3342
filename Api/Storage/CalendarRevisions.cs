using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>What a calendar needs beyond the meetings and slots themselves to number its events (SEQUENCE):
/// per meeting its stored count of significant changes, per slot the versions that were only live-status
/// updates.</summary>
public sealed record CalendarRevisions(IReadOnlyDictionary<Guid, int> MeetingSequences, IReadOnlyDictionary<Guid, int> MinorSlotChanges)
{
    private const string SequencesSql = "SELECT id AS Id, calendar_sequence AS Sequence FROM meetings WHERE id IN (SELECT value FROM json_each(@Ids))";

    public static async Task<CalendarRevisions> LoadAsync(Database db, IEnumerable<Guid> meetingIds, CancellationToken ct)
    {
        var ids = meetingIds.ToArray();
        var sequences = await db.ReadAsync(async c => (await c.QueryAsync<(string Id, long Sequence)>(
                new CommandDefinition(SequencesSql, new { Ids = SqlList.Json(ids.Select(m => m.ToString())) }, cancellationToken: ct)))
            .ToDictionary(r => Guid.Parse(r.Id), r => (int)r.Sequence), ct);
        return new CalendarRevisions(sequences, await SlotLiveChanges.MinorAsync(db, ids, ct));
    }
}

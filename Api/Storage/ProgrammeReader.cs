using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Storage;

/// <summary>The public programme's read: a meeting and all its slots with names, in programme order.</summary>
public sealed class ProgrammeReader(Database db)
{
    /// <summary>The meeting (null when there is none) and every slot, ordered by start, then channel, then id.</summary>
    public Task<(Meeting? Meeting, IReadOnlyList<LoadedSlot> Slots)> ReadAsync(Guid meetingId, CancellationToken ct) =>
        db.ReadAsync<(Meeting?, IReadOnlyList<LoadedSlot>)>(async c =>
        {
            var meeting = await MeetingStore.LoadAsync(c, null, meetingId, ct);
            if (meeting is null)
            {
                return (null, []);
            }

            var slots = await SlotRows.LoadManyAsync(c, null, meetingId, null, int.MaxValue, ct);
            return (meeting, slots
                .OrderBy(s => s.Slot.Details.StartsAt)
                .ThenBy(s => s.Slot.Details.Channel, StringComparer.Ordinal)
                .ThenBy(s => s.Slot.Id)
                .ToList());
        }, ct);
}

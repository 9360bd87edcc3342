using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>Programme slots: read, plan, edit, remove, and move them with their meeting. Every write checks
/// the meeting's rules and the clashes (<see cref="SlotClashChecks"/>) inside one BEGIN IMMEDIATE transaction
/// and records its change there. Live status changes are <see cref="LiveStatusStore"/>'s; the public programme
/// is read by <see cref="ProgrammeReader"/>.</summary>
public sealed class SlotStore(Database db, ISlotViews views)
{
    public Task<(Meeting Meeting, LoadedSlot Slot, IReadOnlyList<SlotHistoryRow> History)?> GetAsync(Guid meetingId, Guid slotId, CancellationToken ct) =>
        db.ReadAsync<(Meeting, LoadedSlot, IReadOnlyList<SlotHistoryRow>)?>(async c =>
        {
            var meeting = await MeetingStore.LoadAsync(c, null, meetingId, ct);
            var slot = meeting is null ? null : await SlotRows.LoadOneAsync(c, null, meetingId, slotId, ct);
            if (meeting is null || slot is null)
            {
                return null;
            }

            return (meeting, slot, await LiveStatusStore.HistoryAsync(c, null, slotId, ct));
        }, ct);

    /// <summary>The meeting (null when there is none) and a page of its slots in programme order.</summary>
    public Task<(Meeting? Meeting, IReadOnlyList<LoadedSlot> Slots)> ListAsync(Guid meetingId, (long Start, string Id)? after, int limit, CancellationToken ct) =>
        db.ReadAsync<(Meeting?, IReadOnlyList<LoadedSlot>)>(async c =>
        {
            var meeting = await MeetingStore.LoadAsync(c, null, meetingId, ct);
            return meeting is null ? (null, []) : (meeting, await SlotRows.LoadManyAsync(c, null, meetingId, after, limit, ct));
        }, ct);

    /// <param name="recorder">The request's Idempotency-Key record, written with the insert.</param>
    public Task<(Meeting Meeting, Slot Slot)> InsertAsync(Guid meetingId, Func<Meeting, Slot> create, DateTimeOffset now,
        IdempotencyRecorder<(Meeting Meeting, Slot Slot)>? recorder, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw new NotFoundException("Meeting");
            ProgrammeRules.EnsureEditable(meeting);
            var slot = create(meeting);
            ProgrammeRules.EnsureInside(meeting, slot.Details);
            await SlotClashChecks.EnsureReferencesAsync(c, tx, slot.Details, ct);
            await SlotClashChecks.CheckAsync(c, tx, slot, ct);
            await SlotRows.InsertAsync(c, tx, slot, ct);
            await RecordAsync(c, tx, meeting, slot, ChangeTypes.SlotCreated, now, ct);
            if (recorder is not null)
            {
                await recorder.Build((meeting, slot)).WriteAsync(c, tx, ct);
            }

            return (meeting, slot);
        }, ct);

    /// <summary>Loads the slot, checks the precondition, applies <paramref name="change"/>, re-checks every rule and saves, under one write lock.</summary>
    public Task<(Meeting Meeting, Slot Slot, IReadOnlyList<SlotHistoryRow> History)> UpdateAsync(Guid meetingId, Guid slotId, VersionPrecondition expected,
        Action<Slot> change, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync<(Meeting, Slot, IReadOnlyList<SlotHistoryRow>)>(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw new NotFoundException("Meeting");
            var slot = (await SlotRows.LoadOneAsync(c, tx, meetingId, slotId, ct))?.Slot ?? throw new NotFoundException("Slot");
            expected.Check(slot.Version);
            ProgrammeRules.EnsureEditable(meeting);
            change(slot);
            ProgrammeRules.EnsureInside(meeting, slot.Details);
            await SlotClashChecks.EnsureReferencesAsync(c, tx, slot.Details, ct);
            await SlotClashChecks.CheckAsync(c, tx, slot, ct);
            await SlotRows.SaveAsync(c, tx, slot, ct);
            await RecordAsync(c, tx, meeting, slot, ChangeTypes.SlotUpdated, now, ct);
            return (meeting, slot, await LiveStatusStore.HistoryAsync(c, tx, slotId, ct));
        }, ct);

    /// <summary>Removes a slot that has not been on air. Throws <see cref="NotFoundException"/> when there is no such slot in that meeting.</summary>
    public Task DeleteAsync(Guid meetingId, Guid slotId, VersionPrecondition expected, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct);
            var slot = (meeting is null ? null : (await SlotRows.LoadOneAsync(c, tx, meetingId, slotId, ct))?.Slot) ?? throw new NotFoundException("Slot");
            expected.Check(slot.Version);
            ProgrammeRules.EnsureEditable(meeting!);
            slot.EnsureDeletable();
            await RecordAsync(c, tx, meeting!, slot, ChangeTypes.SlotDeleted, now, ct);
            await SlotRows.DeleteAsync(c, tx, slotId, ct);
            return 0;
        }, ct);

    /// <summary>Runs inside a meeting edit (MeetingStore.UpdateAsync): when the meeting's window moved,
    /// either refuses if any slot falls outside (409 slots_outside_meeting), or with <paramref name="shift"/>
    /// moves every slot by the start delta and re-checks all clashes, on the same transaction.</summary>
    public async Task RescheduleAsync(DbConnection c, DbTransaction tx, Meeting meeting, DateTimeOffset previousStart,
        bool shift, DateTimeOffset now, CancellationToken ct)
    {
        var slots = (await SlotRows.LoadManyAsync(c, tx, meeting.Id, null, int.MaxValue, ct)).Select(s => s.Slot).ToList();
        if (slots.Count == 0)
        {
            return;
        }

        var delta = meeting.Details.StartsAt - previousStart;
        var moved = shift && delta != TimeSpan.Zero;
        if (moved)
        {
            foreach (var slot in slots)
            {
                slot.Shift(delta, now);
                await SlotRows.SaveAsync(c, tx, slot, ct);
                await RecordAsync(c, tx, meeting, slot, ChangeTypes.SlotUpdated, now, ct);
            }
        }

        ProgrammeRules.EnsureSlotsInside(meeting, slots, moved);

        if (moved)
        {
            foreach (var slot in slots)
            {
                await SlotClashChecks.CheckAsync(c, tx, slot, ct);
            }
        }
    }

    /// <summary>Slot events carry the public view (no consent reference): every subscriber may see them.</summary>
    private async Task RecordAsync(DbConnection c, DbTransaction tx, Meeting meeting, Slot slot, string type, DateTimeOffset now, CancellationToken ct)
    {
        var loaded = await SlotRows.LoadOneAsync(c, tx, meeting.Id, slot.Id, ct);
        var payload = loaded is null ? new { id = slot.Id, meetingId = meeting.Id } : views.PublicView(meeting, loaded);
        await ChangeLog.RecordAsync(c, tx, new Change("slot", slot.Id.ToString(), type, slot.Version, meeting.Id.ToString(), null, payload), now, ct);
    }
}

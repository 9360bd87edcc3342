using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>One entry of a slot's live status history, oldest first.</summary>
public sealed record SlotHistoryRow(long Id, LiveStatus From, LiveStatus To, DateTimeOffset? ExpectedStartAt, string? Note, DateTimeOffset OccurredAt);

/// <summary>A live status change as the slot's views are asked to show it.</summary>
public sealed record LiveStatusChange(LiveStatus From, LiveStatus To, DateTimeOffset? ExpectedStartAt, string? Note, DateTimeOffset OccurredAt);

/// <summary>A committed live status change, ready for the live feed: <paramref name="Id"/> is the SSE event id.</summary>
public sealed record LiveEvent(long Id, Guid MeetingId, string Data);

/// <summary>Slots' live status: each change is applied, appended to the slot's history with the live feed's
/// event data and recorded in the change log, in one transaction; the history is what the live feed replays.</summary>
public sealed class LiveStatusStore(Database db, ISlotViews views)
{
    private const string HistorySql = """
        SELECT id, from_status AS FromStatus, to_status AS ToStatus, expected_start_at AS ExpectedStartAt, note, occurred_at AS OccurredAt
        FROM slot_status_history WHERE slot_id = @SlotId ORDER BY id
        """;

    private const string ReplaySql = """
        SELECT id, payload FROM slot_status_history WHERE meeting_id = @MeetingId AND id > @After ORDER BY id LIMIT @Limit
        """;

    // The log every process follows to feed its own listeners (see LiveFeedFollower): all meetings, by id.
    private const string FollowSql = """
        SELECT id AS Id, meeting_id AS MeetingId, payload AS Payload FROM slot_status_history WHERE id > @After ORDER BY id LIMIT @Limit
        """;

    private const string LatestIdSql = "SELECT COALESCE(MAX(id), 0) FROM slot_status_history";

    private const string InsertHistorySql = """
        INSERT INTO slot_status_history (slot_id, meeting_id, from_status, to_status, expected_start_at, note, occurred_at, payload)
        VALUES (@SlotId, @MeetingId, @From, @To, @ExpectedStartAt, @Note, @OccurredAt, @Payload)
        RETURNING id
        """;

    /// <summary>Applies a live status change, appends it to the history and the change log; returns the event for the live feed.</summary>
    public Task<(Meeting Meeting, Slot Slot, IReadOnlyList<SlotHistoryRow> History, LiveEvent Event)> ChangeStatusAsync(Guid meetingId, Guid slotId,
        VersionPrecondition expected, LiveStatus to, DateTimeOffset? expectedStartAt, string? note, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync<(Meeting, Slot, IReadOnlyList<SlotHistoryRow>, LiveEvent)>(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw new NotFoundException("Meeting");
            var slot = (await SlotRows.LoadOneAsync(c, tx, meetingId, slotId, ct))?.Slot ?? throw new NotFoundException("Slot");
            expected.Check(slot.Version);
            ProgrammeRules.EnsureLive(meeting);
            var from = slot.ChangeLiveStatus(to, expectedStartAt, now);
            await SlotRows.SaveAsync(c, tx, slot, ct);
            var loaded = (await SlotRows.LoadOneAsync(c, tx, meetingId, slotId, ct))!;
            var change = new LiveStatusChange(from, to, to == LiveStatus.Delayed ? slot.ExpectedStartAt : null, note, now);
            var data = views.LiveStatusEvent(meeting, loaded, change);
            var historyId = await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertHistorySql, new
            {
                SlotId = slotId.ToString(),
                MeetingId = meetingId.ToString(),
                From = EnumText.ToText(from),
                To = EnumText.ToText(to),
                ExpectedStartAt = Instants.ToMs(change.ExpectedStartAt),
                Note = note,
                OccurredAt = Instants.ToMs(now),
                Payload = data,
            }, tx, cancellationToken: ct));
            var view = views.PublicView(meeting, loaded);
            await ChangeLog.RecordAsync(c, tx, new Change("slot", slotId.ToString(), ChangeTypes.SlotStatusChanged, slot.Version, meetingId.ToString(), null, view), now, ct);
            return (meeting, slot, await HistoryAsync(c, tx, slotId, ct), new LiveEvent(historyId, meetingId, data));
        }, ct);

    /// <summary>The meeting's live events after <paramref name="after"/> (an SSE Last-Event-ID), oldest first.</summary>
    public Task<IReadOnlyList<(long Id, string Payload)>> ReplayAsync(Guid meetingId, long after, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<(long, string)>>(async c =>
            (await c.QueryAsync<(long, string)>(new CommandDefinition(ReplaySql, new { MeetingId = meetingId.ToString(), After = after, Limit = limit }, cancellationToken: ct))).AsList(), ct);

    /// <summary>Every meeting's live events after <paramref name="after"/>, oldest first: the log followed by each process.</summary>
    public Task<IReadOnlyList<LiveEvent>> FollowAsync(long after, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<LiveEvent>>(async c =>
            (await c.QueryAsync<FollowRow>(new CommandDefinition(FollowSql, new { After = after, Limit = limit }, cancellationToken: ct)))
            .Select(r => new LiveEvent(r.Id, Guid.Parse(r.MeetingId), r.Payload)).ToList(), ct);

    /// <summary>The newest live event's id (0 when there is none): where a process starts following.</summary>
    public Task<long> LatestIdAsync(CancellationToken ct) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(LatestIdSql, cancellationToken: ct)), ct);

    internal static async Task<IReadOnlyList<SlotHistoryRow>> HistoryAsync(DbConnection c, DbTransaction? tx, Guid slotId, CancellationToken ct) =>
        (await c.QueryAsync<HistoryRow>(new CommandDefinition(HistorySql, new { SlotId = slotId.ToString() }, tx, cancellationToken: ct)))
        .Select(h => new SlotHistoryRow(h.Id, EnumText.Parse<LiveStatus>(h.FromStatus), EnumText.Parse<LiveStatus>(h.ToStatus),
            Instants.FromMs(h.ExpectedStartAt), h.Note, Instants.FromMs(h.OccurredAt)))
        .ToList();

    private sealed class FollowRow
    {
        public long Id { get; init; }
        public string MeetingId { get; init; } = "";
        public string Payload { get; init; } = "";
    }

    private sealed class HistoryRow
    {
        public long Id { get; init; }
        public string FromStatus { get; init; } = "";
        public string ToStatus { get; init; } = "";
        public long? ExpectedStartAt { get; init; }
        public string? Note { get; init; }
        public long OccurredAt { get; init; }
    }
}

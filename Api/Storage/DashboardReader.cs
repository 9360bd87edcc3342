using EventScheduler.Domain.Common;
using System.Collections.Concurrent;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>Registrations per time step and mode (every sign-up, cancelled ones too: it is when they came in).</summary>
public sealed record SignUpStep(DateTimeOffset At, AttendanceMode Mode, int Count);

/// <summary>Confirmed attendees of one hospital. <paramref name="Province"/> is the hospital list's, found by the
/// registration's hospital id or, for a typed hospital name, by that name; null when the name is not in the list.</summary>
public sealed record HospitalAttendees(string Hospital, string? Province, int Count);

/// <summary>One check-in at the door.</summary>
public sealed record RecentCheckIn(DateTimeOffset At, string FullName, string? Hospital, AttendanceMode Mode);

/// <summary>Distinct online viewers of a slot (a join or a heartbeat while it ran); null for a slot not yet begun.</summary>
public sealed record SlotViewers(Guid SlotId, string Title, SlotKind Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt, LiveStatus LiveStatus, int? Viewers);

/// <summary>Everything the organiser's dashboard shows of a meeting at one moment.</summary>
public sealed record DashboardSnapshot(
    Meeting Meeting,
    SeatCounts Counts,
    TimeSpan Step,
    IReadOnlyList<SignUpStep> SignUps,
    IReadOnlyList<HospitalAttendees> Hospitals,
    IReadOnlyList<RecentCheckIn> RecentCheckIns,
    IReadOnlyList<SlotViewers> Slots,
    int WatchingNow,
    DateTimeOffset At);

/// <summary>The aggregate reads of the organiser's dashboard. Built to stay cheap on a meeting of 10,000
/// registrations and hours of heartbeats: the seat counts come from the counters row; sign-ups over time and
/// attendees by hospital are one grouped pass over the meeting's rows by index (ix_registrations_status_mode);
/// latest check-ins and viewer counts read the indexes of migration 0015. A snapshot is shared by every
/// dashboard of the meeting until its <see cref="StampAsync">stamp</see> changes, and the viewer count of a
/// slot that has ended is kept for good (heartbeats are append-only and stamped with the server's time, so
/// nothing can be added to a past slot).</summary>
public sealed class DashboardReader(Database db, TimeProvider time)
{
    /// <summary>Viewer counts are re-read at most this often (heartbeats come every 60 s; they write no counter).</summary>
    public static readonly TimeSpan ViewerRefresh = TimeSpan.FromSeconds(15);

    /// <summary>A heartbeat stands for the 75 s before it (see the heartbeat endpoint): watching now means one in that window.</summary>
    public static readonly TimeSpan WatchingWindow = TimeSpan.FromSeconds(75);

    public const int TopCheckIns = 8;

    // Everything the dashboard shows, as versions and counts: the meeting row, its seat counters (every registration write
    // changes them), its slots (versions rise with every edit and live-status change; a deletion lowers the count) and
    // the hospital list (names and provinces; a small table). All by primary key or the slots' meeting index.
    private const string StampSql = """
        SELECT m.version AS MeetingVersion, m.starts_at AS StartsAt, m.ends_at AS EndsAt,
               (SELECT last_seq || '.' || confirmed_in_person || '.' || confirmed_online || '.' || waitlisted_in_person
                       || '.' || waitlisted_online || '.' || cancelled_in_person || '.' || cancelled_online || '.' || checked_in_in_person
                       || '.' || checked_in_online || '.' || switching_to_in_person || '.' || switching_to_online
                FROM registration_counters WHERE meeting_id = m.id) AS Counters,
               (SELECT COUNT(*) || '.' || COALESCE(SUM(version), 0) FROM slots WHERE meeting_id = m.id) AS Slots,
               (SELECT COUNT(*) || '.' || COALESCE(SUM(version), 0) FROM hospitals) AS Hospitals
        FROM meetings m WHERE m.id = @Id
        """;

    // seq is arrival order, so the first and the last sign-up are the two ends of ux_registrations_meeting_seq.
    private const string FirstSignUpSql = "SELECT created_at FROM registrations WHERE meeting_id = @Id ORDER BY seq LIMIT 1";
    private const string LastSignUpSql = "SELECT created_at FROM registrations WHERE meeting_id = @Id ORDER BY seq DESC LIMIT 1";

    // Steps start at the meeting zone's midnight (@Offset: the zone's offset in ms), so a day step is a local day.
    private const string SignUpsSql = """
        SELECT (created_at + @Offset) / @Step AS Step, mode AS Mode, COUNT(*) AS Count
        FROM registrations WHERE meeting_id = @Id
        GROUP BY (created_at + @Offset) / @Step, mode
        """;

    // A hospital picked from the list (hospital_id) or typed (hospital_name, matched to the list by its unique
    // case-insensitive name, ux_hospitals_name): the province lives in the hospital list only.
    private const string HospitalsSql = """
        SELECT COALESCE(h.name, r.hospital_name, '') AS Hospital, COALESCE(h.province, n.province) AS Province, COUNT(*) AS Count
        FROM registrations r
        LEFT JOIN hospitals h ON h.id = r.hospital_id
        LEFT JOIN hospitals n ON r.hospital_id IS NULL AND n.name = r.hospital_name COLLATE NOCASE
        WHERE r.meeting_id = @Id AND r.status = 'confirmed'
        GROUP BY COALESCE(h.name, r.hospital_name, ''), COALESCE(h.province, n.province)
        ORDER BY Count DESC, Hospital
        """;

    private const string RecentCheckInsSql = """
        SELECT r.checked_in_at AS At, r.full_name AS FullName, COALESCE(h.name, r.hospital_name) AS Hospital, r.mode AS Mode
        FROM registrations r LEFT JOIN hospitals h ON h.id = r.hospital_id
        WHERE r.meeting_id = @Id AND r.checked_in_at IS NOT NULL
        ORDER BY r.checked_in_at DESC LIMIT @Limit
        """;

    // A viewer counts from the join (the link opened) as well as from heartbeats, so one who just came in shows at once.
    private const string ViewersSql = """
        SELECT COUNT(*) FROM (
            SELECT registration_id FROM attendance_heartbeats WHERE meeting_id = @Id AND at >= @From AND at < @To
            UNION
            SELECT registration_id FROM attendance_evidence WHERE meeting_id = @Id AND kind = 'join' AND occurred_at >= @From AND occurred_at < @To)
        """;

    private const int MaxCached = 1_000;
    private readonly ConcurrentDictionary<Guid, (string Stamp, DashboardSnapshot Snapshot)> _snapshots = new();
    private readonly ConcurrentDictionary<(Guid Slot, long From, long To), int> _endedSlots = new();
    private readonly ConcurrentDictionary<(Guid Slot, long From, long To), (long Bucket, int Count)> _runningSlots = new();

    /// <summary>Changes whenever anything the dashboard shows may have: a registration write, an edit of the meeting,
    /// its slots or the hospital list, and, while online viewers can come and go (from the join link's opening,
    /// 30 min before the start, to the end), each viewer refresh step. One small read; equal stamps mean an equal
    /// dashboard, so the page answers 304 without reading more. A meeting that does not exist has a stamp too.</summary>
    public async Task<string> StampAsync(Guid meetingId, CancellationToken ct)
    {
        var row = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<StampRow>(new CommandDefinition(StampSql,
            new { Id = meetingId.ToString() }, cancellationToken: ct)), ct);
        if (row is null)
        {
            return "none";
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var watchable = now >= row.StartsAt - (long)OnlineAttendance.JoinLead.TotalMilliseconds && now <= row.EndsAt + (long)WatchingWindow.TotalMilliseconds;
        var bucket = watchable ? (now / (long)ViewerRefresh.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
        return $"{row.MeetingVersion}-{row.Counters ?? "0"}-{row.Slots}-{row.Hospitals}-{bucket}";
    }

    private sealed class StampRow
    {
        public long MeetingVersion { get; init; }
        public long StartsAt { get; init; }
        public long EndsAt { get; init; }
        public string? Counters { get; init; }
        public string Slots { get; init; } = "";
        public string Hospitals { get; init; } = "";
    }

    /// <summary>The meeting's dashboard for <paramref name="stamp"/> (from <see cref="StampAsync"/>, read first), or null
    /// when there is no such meeting.</summary>
    public async Task<DashboardSnapshot?> ReadAsync(Guid meetingId, string stamp, CancellationToken ct)
    {
        if (_snapshots.TryGetValue(meetingId, out var cached) && cached.Stamp == stamp)
        {
            return cached.Snapshot;
        }

        var snapshot = await BuildAsync(meetingId, ct);
        if (snapshot is not null)
        {
            if (_snapshots.Count >= MaxCached)
            {
                _snapshots.Clear();
            }

            _snapshots[meetingId] = (stamp, snapshot);
        }

        return snapshot;
    }

    private Task<DashboardSnapshot?> BuildAsync(Guid meetingId, CancellationToken ct) => db.ReadAsync<DashboardSnapshot?>(async c =>
    {
        // One read transaction: every figure from the same snapshot of the database.
        await using var tx = await db.BeginSnapshotAsync(c, ct);
        var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct);
        if (meeting is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var id = new { Id = meetingId.ToString() };
        var (counts, _) = await RegistrationCounters.LoadAsync(c, tx, meetingId, ct);

        var first = await c.ExecuteScalarAsync<long?>(new CommandDefinition(FirstSignUpSql, id, tx, cancellationToken: ct));
        var last = await c.ExecuteScalarAsync<long?>(new CommandDefinition(LastSignUpSql, id, tx, cancellationToken: ct));
        var zone = TimeZones.Find(meeting.Details.TimeZone);
        var offset = (long)zone.GetUtcOffset(meeting.Details.StartsAt).TotalMilliseconds;
        var step = ChooseStep(first is { } f && last is { } l ? TimeSpan.FromMilliseconds(l - f) : TimeSpan.Zero);
        var stepMs = (long)step.TotalMilliseconds;
        var signUps = first is null
            ? []
            : (await c.QueryAsync<(long Step, string Mode, int Count)>(new CommandDefinition(SignUpsSql,
                    new { Id = meetingId.ToString(), Offset = offset, Step = stepMs }, tx, cancellationToken: ct)))
                .Select(r => new SignUpStep(DateTimeOffset.FromUnixTimeMilliseconds(r.Step * stepMs - offset), EnumText.Parse<AttendanceMode>(r.Mode), r.Count))
                .OrderBy(s => s.At)
                .ToList();

        var hospitals = (await c.QueryAsync<(string Hospital, string? Province, int Count)>(new CommandDefinition(HospitalsSql, id, tx,
                cancellationToken: ct)))
            .Select(r => new HospitalAttendees(r.Hospital, r.Province, r.Count))
            .ToList();

        var checkIns = (await c.QueryAsync<(long At, string FullName, string? Hospital, string Mode)>(new CommandDefinition(RecentCheckInsSql,
                new { Id = meetingId.ToString(), Limit = TopCheckIns }, tx, cancellationToken: ct)))
            .Select(r => new RecentCheckIn(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.FullName, r.Hospital, EnumText.Parse<AttendanceMode>(r.Mode)))
            .ToList();

        var slots = new List<SlotViewers>();
        foreach (var loaded in (await SlotRows.LoadManyAsync(c, tx, meetingId, null, int.MaxValue, ct)).OrderBy(s => s.Slot.Details.StartsAt).ThenBy(s => s.Slot.Id))
        {
            var s = loaded.Slot;
            var viewers = s.Details.StartsAt > now ? (int?)null : await ViewersAsync(c, tx, meetingId, s.Id, s.Details.StartsAt, s.Details.EndsAt, now, ct);
            slots.Add(new SlotViewers(s.Id, s.Details.Title, s.Details.Kind, s.Details.StartsAt, s.Details.EndsAt, s.LiveStatus, viewers));
        }

        var watching = await c.ExecuteScalarAsync<int>(new CommandDefinition(ViewersSql, new
        {
            Id = meetingId.ToString(),
            From = (now - WatchingWindow).ToUnixTimeMilliseconds(),
            To = now.ToUnixTimeMilliseconds() + 1,
        }, tx, cancellationToken: ct));

        return new DashboardSnapshot(meeting, counts, step, signUps, hospitals, checkIns, slots, watching, now);
    }, ct);

    private async Task<int> ViewersAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Guid meetingId, Guid slotId,
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct)
    {
        var key = (slotId, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        if (_endedSlots.TryGetValue(key, out var known))
        {
            return known;
        }

        // The running slot's count reads every heartbeat since it began (about 0.2 s of CPU at 4,000 viewers an hour and a half
        // in): once per viewer refresh, not again for every sign-up or check-in that changes the stamp meanwhile.
        var bucket = now.ToUnixTimeMilliseconds() / (long)ViewerRefresh.TotalMilliseconds;
        if (_runningSlots.TryGetValue(key, out var running) && running.Bucket == bucket)
        {
            return running.Count;
        }

        var count = await c.ExecuteScalarAsync<int>(new CommandDefinition(ViewersSql, new
        {
            Id = meetingId.ToString(),
            From = key.Item2,
            To = Math.Min(key.Item3, now.ToUnixTimeMilliseconds() + 1),
        }, tx, cancellationToken: ct));
        // Ended a little while ago: a heartbeat in flight when it ended has committed by now.
        if (to < now - TimeSpan.FromSeconds(30))
        {
            if (_endedSlots.Count >= MaxCached * 10)
            {
                _endedSlots.Clear();
            }

            _endedSlots[key] = count;
            _runningSlots.TryRemove(key, out _);
        }
        else
        {
            if (_runningSlots.Count >= MaxCached)
            {
                _runningSlots.Clear();
            }

            _runningSlots[key] = (bucket, count);
        }

        return count;
    }

    /// <summary>The smallest round step that draws the span in at most 48 points.</summary>
    public static TimeSpan ChooseStep(TimeSpan span)
    {
        TimeSpan[] steps =
        [
            TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(3),
            TimeSpan.FromHours(6), TimeSpan.FromDays(1), TimeSpan.FromDays(7),
        ];
        return steps.FirstOrDefault(s => span.Ticks / s.Ticks < 48, TimeSpan.FromDays(30));
    }
}

using System.Text.Json;
using Dapper;
using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Features.Programme;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

/// <summary>A slot as loaded, with the names the public view needs.</summary>
public sealed record LoadedSlot(Slot Slot, IReadOnlyList<SlotPersonRow> People, ProgrammeHospital? OriginHospital);

public sealed record SlotHistoryRow(long Id, LiveStatus From, LiveStatus To, DateTimeOffset? ExpectedStartAt, string? Note, DateTimeOffset OccurredAt);

/// <summary>A committed live status change, ready for the live feed.</summary>
public sealed record LiveEvent(long Id, Guid MeetingId, string Data);

public sealed class SlotPersonRow
{
    public string SlotId { get; init; } = "";
    public string FacultyId { get; init; } = "";
    public string Role { get; init; } = "";
    public long Position { get; init; }
    public string FullName { get; init; } = "";
    public string? Title { get; init; }
    public string HospitalId { get; init; } = "";
    public string HospitalName { get; init; } = "";
}

/// <summary>Slots, their people and their live status history. Every write takes the meeting's rules
/// and the clash checks (same channel; a faculty member across all meetings) inside one BEGIN
/// IMMEDIATE transaction, so two concurrent bookings can never both pass the check.</summary>
public sealed class SlotStore(Database db)
{
    private const string SlotColumns = """
        SELECT s.id, s.meeting_id AS MeetingId, s.kind, s.title, s.starts_at AS StartsAt, s.ends_at AS EndsAt, s.channel,
               s.procedure, s.approach, s.origin_hospital_id AS OriginHospitalId, s.consent_recorded AS ConsentRecorded,
               s.consent_reference AS ConsentReference, s.live_status AS LiveStatus, s.expected_start_at AS ExpectedStartAt,
               s.version, s.created_at AS CreatedAt, s.updated_at AS UpdatedAt, s.translations,
               oh.name AS OriginHospitalName, oh.city AS OriginHospitalCity
        FROM slots s LEFT JOIN hospitals oh ON oh.id = s.origin_hospital_id
        """;

    private const string ByIdSql = SlotColumns + " WHERE s.meeting_id = @MeetingId AND s.id = @Id";

    // Keyset pagination on (starts_at, id): programme order, stable while slots are added.
    private const string OfMeetingSql = SlotColumns + """
         WHERE s.meeting_id = @MeetingId
           AND (@AfterStart IS NULL OR s.starts_at > @AfterStart OR (s.starts_at = @AfterStart AND s.id > @AfterId))
         ORDER BY s.starts_at, s.id
         LIMIT @Limit
        """;

    private const string PeopleSql = """
        SELECT p.slot_id AS SlotId, p.faculty_id AS FacultyId, p.role, p.position, f.full_name AS FullName, f.title,
               h.id AS HospitalId, h.name AS HospitalName
        FROM slot_people p
        JOIN faculty f ON f.id = p.faculty_id
        JOIN hospitals h ON h.id = f.hospital_id
        WHERE p.slot_id IN (SELECT value FROM json_each(@Ids))
        ORDER BY p.slot_id, p.role, p.position
        """;

    private const string HistorySql = """
        SELECT id, from_status AS FromStatus, to_status AS ToStatus, expected_start_at AS ExpectedStartAt, note, occurred_at AS OccurredAt
        FROM slot_status_history WHERE slot_id = @SlotId ORDER BY id
        """;

    private const string ReplaySql = """
        SELECT id, payload FROM slot_status_history WHERE meeting_id = @MeetingId AND id > @After ORDER BY id LIMIT @Limit
        """;

    private const string InsertSql = """
        INSERT INTO slots (id, meeting_id, kind, title, starts_at, ends_at, channel, procedure, approach, origin_hospital_id,
                           consent_recorded, consent_reference, live_status, expected_start_at, version, created_at, updated_at, translations)
        VALUES (@Id, @MeetingId, @Kind, @Title, @StartsAt, @EndsAt, @Channel, @Procedure, @Approach, @OriginHospitalId,
                @ConsentRecorded, @ConsentReference, @LiveStatus, @ExpectedStartAt, @Version, @CreatedAt, @UpdatedAt, @Translations)
        """;

    private const string UpdateSql = """
        UPDATE slots SET kind = @Kind, title = @Title, starts_at = @StartsAt, ends_at = @EndsAt, channel = @Channel,
               procedure = @Procedure, approach = @Approach, origin_hospital_id = @OriginHospitalId,
               consent_recorded = @ConsentRecorded, consent_reference = @ConsentReference, live_status = @LiveStatus,
               expected_start_at = @ExpectedStartAt, version = @Version, updated_at = @UpdatedAt, translations = @Translations
        WHERE id = @Id
        """;

    private const string DeletePeopleSql = "DELETE FROM slot_people WHERE slot_id = @Id";

    private const string InsertPersonSql = "INSERT INTO slot_people (slot_id, faculty_id, role, position) VALUES (@SlotId, @FacultyId, @Role, @Position)";

    private const string DeleteSql = "DELETE FROM slots WHERE id = @Id";

    private const string InsertHistorySql = """
        INSERT INTO slot_status_history (slot_id, meeting_id, from_status, to_status, expected_start_at, note, occurred_at, payload)
        VALUES (@SlotId, @MeetingId, @From, @To, @ExpectedStartAt, @Note, @OccurredAt, '{}');
        SELECT last_insert_rowid();
        """;

    private const string SetHistoryPayloadSql = "UPDATE slot_status_history SET payload = @Payload WHERE id = @Id";

    private const string ChannelClashSql = """
        SELECT id FROM slots
        WHERE meeting_id = @MeetingId AND channel = @Channel COLLATE NOCASE AND id <> @Id AND live_status <> 'cancelled'
          AND starts_at < @EndsAt AND ends_at > @StartsAt
        ORDER BY starts_at, id
        LIMIT 1
        """;

    // Back-to-back is fine (strict inequalities); cancelled slots and slots of cancelled meetings free their people.
    private const string FacultyClashSql = """
        SELECT s.id AS SlotId, s.meeting_id AS MeetingId, p.faculty_id AS FacultyId
        FROM slot_people p
        JOIN slots s ON s.id = p.slot_id
        JOIN meetings m ON m.id = s.meeting_id
        WHERE p.faculty_id IN (SELECT value FROM json_each(@FacultyIds))
          AND s.id <> @Id AND s.live_status <> 'cancelled' AND m.status <> 'cancelled'
          AND s.starts_at < @EndsAt AND s.ends_at > @StartsAt
        ORDER BY s.starts_at, s.id
        LIMIT 1
        """;

    private const string MissingFacultySql = "SELECT value FROM json_each(@Ids) WHERE value NOT IN (SELECT id FROM faculty)";

    /// <summary>Live feed data: readable UTF-8 (names in Chinese stay as they are); JSON still escapes every
    /// newline, so one event's data is always one line.</summary>
    private static readonly JsonSerializerOptions LiveDataOptions = new(JsonConfig.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const string HospitalExistsSql = "SELECT EXISTS (SELECT 1 FROM hospitals WHERE id = @Id)";

    public Task<(Meeting Meeting, LoadedSlot Slot, IReadOnlyList<SlotHistoryRow> History)?> GetAsync(Guid meetingId, Guid slotId, CancellationToken ct) =>
        db.ReadAsync<(Meeting, LoadedSlot, IReadOnlyList<SlotHistoryRow>)?>(async c =>
        {
            var meeting = await MeetingStore.LoadAsync(c, null, meetingId, ct);
            var slot = meeting is null ? null : await LoadOneAsync(c, null, meetingId, slotId, ct);
            if (meeting is null || slot is null)
            {
                return null;
            }

            return (meeting, slot, await HistoryAsync(c, null, slotId, ct));
        }, ct);

    /// <summary>The meeting (null when there is none) and a page of its slots in programme order.</summary>
    public Task<(Meeting? Meeting, IReadOnlyList<LoadedSlot> Slots)> ListAsync(Guid meetingId, (long Start, string Id)? after, int limit, CancellationToken ct) =>
        db.ReadAsync<(Meeting?, IReadOnlyList<LoadedSlot>)>(async c =>
        {
            var meeting = await MeetingStore.LoadAsync(c, null, meetingId, ct);
            return meeting is null ? (null, []) : (meeting, await LoadManyAsync(c, null, meetingId, after, limit, ct));
        }, ct);

    public Task<IReadOnlyList<(long Id, string Payload)>> ReplayAsync(Guid meetingId, long after, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<(long, string)>>(async c =>
            (await c.QueryAsync<(long, string)>(new CommandDefinition(ReplaySql, new { MeetingId = meetingId.ToString(), After = after, Limit = limit }, cancellationToken: ct))).AsList(), ct);

    /// <param name="alsoInTransaction">Runs last on the same transaction (e.g. to store the idempotent response).</param>
    public Task<(Meeting Meeting, Slot Slot)> InsertAsync(Guid meetingId, Func<Meeting, Slot> create, DateTimeOffset now, CancellationToken ct,
        Func<SqliteConnection, SqliteTransaction, Meeting, Slot, Task>? alsoInTransaction = null) =>
        db.WriteAsync(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw ApiException.NotFound("Meeting");
            ProgrammeRules.EnsureEditable(meeting);
            var slot = create(meeting);
            ProgrammeRules.EnsureInside(meeting, slot.Details);
            await EnsureReferencesAsync(c, tx, slot.Details, ct);
            await CheckClashesAsync(c, tx, slot, ct);
            await c.ExecuteAsync(new CommandDefinition(InsertSql, Params(slot), tx, cancellationToken: ct));
            await WritePeopleAsync(c, tx, slot, ct);
            await RecordAsync(c, tx, meeting, slot, "slot.created", now, ct);
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction(c, tx, meeting, slot);
            }

            return (meeting, slot);
        }, ct);

    /// <summary>Loads the slot, checks If-Match, applies <paramref name="change"/>, re-checks every rule and saves, under one write lock.</summary>
    public Task<(Meeting Meeting, Slot Slot, IReadOnlyList<SlotHistoryRow> History)> UpdateAsync(Guid meetingId, Guid slotId, string? ifMatch,
        Action<Slot> change, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync<(Meeting, Slot, IReadOnlyList<SlotHistoryRow>)>(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw ApiException.NotFound("Meeting");
            var slot = (await LoadOneAsync(c, tx, meetingId, slotId, ct))?.Slot ?? throw ApiException.NotFound("Slot");
            ETags.Check(ifMatch, slot.Version);
            ProgrammeRules.EnsureEditable(meeting);
            change(slot);
            ProgrammeRules.EnsureInside(meeting, slot.Details);
            await EnsureReferencesAsync(c, tx, slot.Details, ct);
            await CheckClashesAsync(c, tx, slot, ct);
            await SaveAsync(c, tx, slot, ct);
            await RecordAsync(c, tx, meeting, slot, "slot.updated", now, ct);
            return (meeting, slot, await HistoryAsync(c, tx, slotId, ct));
        }, ct);

    /// <summary>Returns false when there is no such slot in that meeting.</summary>
    public Task<bool> DeleteAsync(Guid meetingId, Guid slotId, string? ifMatch, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct);
            var slot = meeting is null ? null : (await LoadOneAsync(c, tx, meetingId, slotId, ct))?.Slot;
            if (meeting is null || slot is null)
            {
                return false;
            }

            ETags.Check(ifMatch, slot.Version);
            ProgrammeRules.EnsureEditable(meeting);
            slot.EnsureDeletable();
            await RecordAsync(c, tx, meeting, slot, "slot.deleted", now, ct);
            await c.ExecuteAsync(new CommandDefinition(DeleteSql, new { Id = slotId.ToString() }, tx, cancellationToken: ct));
            return true;
        }, ct);

    /// <summary>Applies a live status change, appends it to the history and the change log; returns the event for the live feed.</summary>
    public Task<(Meeting Meeting, Slot Slot, IReadOnlyList<SlotHistoryRow> History, LiveEvent Event)> ChangeStatusAsync(Guid meetingId, Guid slotId,
        string? ifMatch, LiveStatus to, DateTimeOffset? expectedStartAt, string? note, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync<(Meeting, Slot, IReadOnlyList<SlotHistoryRow>, LiveEvent)>(async (c, tx) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, meetingId, ct) ?? throw ApiException.NotFound("Meeting");
            var slot = (await LoadOneAsync(c, tx, meetingId, slotId, ct))?.Slot ?? throw ApiException.NotFound("Slot");
            ETags.Check(ifMatch, slot.Version);
            ProgrammeRules.EnsureLive(meeting);
            var from = slot.ChangeLiveStatus(to, expectedStartAt, now);
            await SaveAsync(c, tx, slot, ct);
            var historyId = await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertHistorySql, new
            {
                SlotId = slotId.ToString(),
                MeetingId = meetingId.ToString(),
                From = EnumText.ToText(from),
                To = EnumText.ToText(to),
                ExpectedStartAt = to == LiveStatus.Delayed ? Instants.ToMs(slot.ExpectedStartAt) : null,
                Note = note,
                OccurredAt = Instants.ToMs(now),
            }, tx, cancellationToken: ct));
            var view = await PublicViewAsync(c, tx, meeting, slotId, ct);
            var tz = meeting.Details.TimeZone;
            var data = JsonSerializer.Serialize(new LiveStatusEvent
            {
                MeetingId = meetingId,
                SlotId = slotId,
                From = from,
                To = to,
                ExpectedStartAt = to == LiveStatus.Delayed ? Instants.InZone(slot.ExpectedStartAt, tz) : null,
                Note = note,
                OccurredAt = Instants.InZone(now, tz),
                Slot = view,
            }, LiveDataOptions);
            await c.ExecuteAsync(new CommandDefinition(SetHistoryPayloadSql, new { Id = historyId, Payload = data }, tx, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, tx, new Change("slot", slotId.ToString(), "slot.status_changed", slot.Version, meetingId.ToString(), null, view), now, ct);
            return (meeting, slot, await HistoryAsync(c, tx, slotId, ct), new LiveEvent(historyId, meetingId, data));
        }, ct);

    /// <summary>The public programme: the meeting (null when there is none) and all its slots with names.</summary>
    public Task<(Meeting? Meeting, IReadOnlyList<ProgrammeSlot> Slots, IReadOnlyList<LoadedSlot> Loaded)> ProgrammeAsync(Guid meetingId, CancellationToken ct) =>
        db.ReadAsync<(Meeting?, IReadOnlyList<ProgrammeSlot>, IReadOnlyList<LoadedSlot>)>(async c =>
        {
            var meeting = await MeetingStore.LoadAsync(c, null, meetingId, ct);
            if (meeting is null)
            {
                return (null, [], []);
            }

            var slots = await LoadManyAsync(c, null, meetingId, null, int.MaxValue, ct);
            return (meeting, slots.OrderBy(s => s.Slot.Details.StartsAt).ThenBy(s => s.Slot.Details.Channel, StringComparer.Ordinal).ThenBy(s => s.Slot.Id)
                .Select(s => ToPublic(s, meeting.Details.TimeZone)).ToList(), slots);
        }, ct);

    /// <summary>Runs inside a meeting edit (MeetingStore.UpdateAsync): when the meeting's window moved,
    /// either refuses if any slot falls outside (409 slots_outside_meeting), or with <paramref name="shift"/>
    /// moves every slot by the start delta and re-checks all clashes, on the same transaction.</summary>
    public static async Task RescheduleAsync(SqliteConnection c, SqliteTransaction tx, Meeting meeting, DateTimeOffset previousStart,
        bool shift, DateTimeOffset now, CancellationToken ct)
    {
        var slots = (await LoadManyAsync(c, tx, meeting.Id, null, int.MaxValue, ct)).Select(s => s.Slot).ToList();
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
                await SaveAsync(c, tx, slot, ct);
                await RecordAsync(c, tx, meeting, slot, "slot.updated", now, ct);
            }
        }

        foreach (var slot in slots)
        {
            if (slot.Details.StartsAt < meeting.Details.StartsAt || slot.Details.EndsAt > meeting.Details.EndsAt)
            {
                var violation = RuleViolation.Conflict(SlotRules.SlotsOutsideMeeting, moved
                    ? "Shifted with the meeting, a slot would still fall outside its new window; shorten or move that slot first."
                    : "Slots would fall outside the meeting's new window; move them first, or send ?shiftSlots=true to shift all slots with the meeting.");
                violation.Extensions["conflictingSlotId"] = slot.Id;
                throw violation;
            }
        }

        if (moved)
        {
            foreach (var slot in slots)
            {
                await CheckClashesAsync(c, tx, slot, ct);
            }
        }
    }

    private static async Task<ProgrammeSlot> PublicViewAsync(SqliteConnection c, SqliteTransaction tx, Meeting meeting, Guid slotId, CancellationToken ct) =>
        ToPublic((await LoadOneAsync(c, tx, meeting.Id, slotId, ct))!, meeting.Details.TimeZone);

    public static ProgrammeSlot ToPublic(LoadedSlot loaded, string timeZone)
    {
        var s = loaded.Slot;
        var d = s.Details;
        ProgrammePerson[] People(params string[] roles) => loaded.People
            .Where(p => roles.Contains(p.Role))
            .OrderBy(p => p.Role == "lead" ? 0 : 1).ThenBy(p => p.Position)
            .Select(p => new ProgrammePerson
            {
                FacultyId = Guid.Parse(p.FacultyId),
                FullName = p.FullName,
                Title = p.Title,
                HospitalId = Guid.Parse(p.HospitalId),
                HospitalName = p.HospitalName,
                Role = p.Role is "lead" or "assistant" ? EnumText.Parse<SurgeonRole>(p.Role) : null,
            }).ToArray();
        return new ProgrammeSlot
        {
            Id = s.Id,
            MeetingId = s.MeetingId,
            Kind = d.Kind,
            Title = d.Title,
            StartsAt = Instants.InZone(d.StartsAt, timeZone),
            EndsAt = Instants.InZone(d.EndsAt, timeZone),
            Channel = d.Channel,
            LiveStatus = s.LiveStatus,
            ExpectedStartAt = Instants.InZone(s.ExpectedStartAt, timeZone),
            Procedure = d.Procedure,
            Approach = d.Approach,
            OriginHospital = loaded.OriginHospital,
            OperatingSurgeons = People("lead", "assistant"),
            Speakers = People("speaker"),
            Moderators = People("moderator"),
            Version = s.Version,
            Translations = Features.Programme.SlotTranslationsDto.From(d.Translations),
        };
    }

    private static async Task CheckClashesAsync(SqliteConnection c, SqliteTransaction tx, Slot slot, CancellationToken ct)
    {
        if (slot.LiveStatus == LiveStatus.Cancelled)
        {
            return;
        }

        var d = slot.Details;
        var window = new
        {
            Id = slot.Id.ToString(),
            MeetingId = slot.MeetingId.ToString(),
            d.Channel,
            StartsAt = Instants.ToMs(d.StartsAt),
            EndsAt = Instants.ToMs(d.EndsAt),
            FacultyIds = JsonSerializer.Serialize(d.PeopleIds.Select(g => g.ToString())),
        };
        var channelClash = await c.QueryFirstOrDefaultAsync<string>(new CommandDefinition(ChannelClashSql, window, tx, cancellationToken: ct));
        if (channelClash is not null)
        {
            throw ProgrammeRules.ChannelClash(Guid.Parse(channelClash), d.Channel);
        }

        var facultyClash = await c.QueryFirstOrDefaultAsync<ClashRow>(new CommandDefinition(FacultyClashSql, window, tx, cancellationToken: ct));
        if (facultyClash is not null)
        {
            throw ProgrammeRules.FacultyClash(Guid.Parse(facultyClash.FacultyId), Guid.Parse(facultyClash.SlotId), Guid.Parse(facultyClash.MeetingId));
        }
    }

    private static async Task EnsureReferencesAsync(SqliteConnection c, SqliteTransaction tx, SlotDetails d, CancellationToken ct)
    {
        foreach (var (field, ids) in new[]
                 {
                     ("operatingSurgeons", d.OperatingSurgeons.Select(s => s.FacultyId)),
                     ("speakerIds", d.SpeakerIds),
                     ("moderatorIds", d.ModeratorIds),
                 })
        {
            var json = JsonSerializer.Serialize(ids.Select(g => g.ToString()));
            var missing = await c.QueryFirstOrDefaultAsync<string>(new CommandDefinition(MissingFacultySql, new { Ids = json }, tx, cancellationToken: ct));
            if (missing is not null)
            {
                throw RuleViolation.Invalid("unknown_faculty", $"No faculty member with id {missing}.", field);
            }
        }

        if (d.OriginHospitalId is { } hospital &&
            !await c.ExecuteScalarAsync<bool>(new CommandDefinition(HospitalExistsSql, new { Id = hospital.ToString() }, tx, cancellationToken: ct)))
        {
            throw RuleViolation.Invalid("unknown_hospital", $"No hospital with id {hospital}.", "originHospitalId");
        }
    }

    private static async Task SaveAsync(SqliteConnection c, SqliteTransaction tx, Slot slot, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(UpdateSql, Params(slot), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(DeletePeopleSql, new { Id = slot.Id.ToString() }, tx, cancellationToken: ct));
        await WritePeopleAsync(c, tx, slot, ct);
    }

    private static Task WritePeopleAsync(SqliteConnection c, SqliteTransaction tx, Slot slot, CancellationToken ct)
    {
        var id = slot.Id.ToString();
        var d = slot.Details;
        var rows = d.OperatingSurgeons.Select((s, i) => new { SlotId = id, FacultyId = s.FacultyId.ToString(), Role = EnumText.ToText(s.Role), Position = i })
            .Concat(d.SpeakerIds.Select((f, i) => new { SlotId = id, FacultyId = f.ToString(), Role = "speaker", Position = i }))
            .Concat(d.ModeratorIds.Select((f, i) => new { SlotId = id, FacultyId = f.ToString(), Role = "moderator", Position = i }))
            .ToArray();
        return c.ExecuteAsync(new CommandDefinition(InsertPersonSql, rows, tx, cancellationToken: ct));
    }

    /// <summary>Slot events carry the public view (no consent reference): every subscriber may see them.</summary>
    private static async Task RecordAsync(SqliteConnection c, SqliteTransaction tx, Meeting meeting, Slot slot, string type, DateTimeOffset now, CancellationToken ct)
    {
        var loaded = await LoadOneAsync(c, tx, meeting.Id, slot.Id, ct);
        object payload = loaded is null ? new { id = slot.Id, meetingId = meeting.Id } : ToPublic(loaded, meeting.Details.TimeZone);
        await ChangeLog.RecordAsync(c, tx, new Change("slot", slot.Id.ToString(), type, slot.Version, meeting.Id.ToString(), null, payload), now, ct);
    }

    private static async Task<IReadOnlyList<SlotHistoryRow>> HistoryAsync(SqliteConnection c, SqliteTransaction? tx, Guid slotId, CancellationToken ct) =>
        (await c.QueryAsync<HistoryRow>(new CommandDefinition(HistorySql, new { SlotId = slotId.ToString() }, tx, cancellationToken: ct)))
        .Select(h => new SlotHistoryRow(h.Id, EnumText.Parse<LiveStatus>(h.FromStatus), EnumText.Parse<LiveStatus>(h.ToStatus),
            Instants.FromMs(h.ExpectedStartAt), h.Note, Instants.FromMs(h.OccurredAt)))
        .ToList();

    private static async Task<LoadedSlot?> LoadOneAsync(SqliteConnection c, SqliteTransaction? tx, Guid meetingId, Guid slotId, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { MeetingId = meetingId.ToString(), Id = slotId.ToString() }, tx, cancellationToken: ct));
        return row is null ? null : (await WithPeopleAsync(c, tx, [row], ct))[0];
    }

    private static async Task<IReadOnlyList<LoadedSlot>> LoadManyAsync(SqliteConnection c, SqliteTransaction? tx, Guid meetingId, (long Start, string Id)? after, int limit, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<Row>(new CommandDefinition(OfMeetingSql, new
        {
            MeetingId = meetingId.ToString(),
            AfterStart = after?.Start,
            AfterId = after?.Id,
            Limit = limit,
        }, tx, cancellationToken: ct))).AsList();
        return rows.Count == 0 ? [] : await WithPeopleAsync(c, tx, rows, ct);
    }

    private static async Task<IReadOnlyList<LoadedSlot>> WithPeopleAsync(SqliteConnection c, SqliteTransaction? tx, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var ids = JsonSerializer.Serialize(rows.Select(r => r.Id));
        var people = (await c.QueryAsync<SlotPersonRow>(new CommandDefinition(PeopleSql, new { Ids = ids }, tx, cancellationToken: ct))).ToLookup(p => p.SlotId);
        return rows.Select(r => new LoadedSlot(Map(r, people[r.Id].ToList()), people[r.Id].ToList(),
            r.OriginHospitalId is null || r.OriginHospitalName is null
                ? null
                : new ProgrammeHospital { Id = Guid.Parse(r.OriginHospitalId), Name = r.OriginHospitalName, City = r.OriginHospitalCity ?? "" })).ToList();
    }

    private static Slot Map(Row r, IReadOnlyList<SlotPersonRow> people)
    {
        Guid[] Ids(string role) => people.Where(p => p.Role == role).OrderBy(p => p.Position).Select(p => Guid.Parse(p.FacultyId)).ToArray();
        return Slot.Restore(
            Guid.Parse(r.Id),
            Guid.Parse(r.MeetingId),
            new SlotDetails
            {
                Kind = EnumText.Parse<SlotKind>(r.Kind),
                Title = r.Title,
                StartsAt = Instants.FromMs(r.StartsAt),
                EndsAt = Instants.FromMs(r.EndsAt),
                Channel = r.Channel,
                SpeakerIds = Ids("speaker"),
                ModeratorIds = Ids("moderator"),
                Procedure = r.Procedure,
                Approach = r.Approach is null ? null : EnumText.Parse<SurgicalApproach>(r.Approach),
                OperatingSurgeons = people.Where(p => p.Role is "lead" or "assistant")
                    .OrderBy(p => p.Role == "lead" ? 0 : 1).ThenBy(p => p.Position)
                    .Select(p => new OperatingSurgeon(Guid.Parse(p.FacultyId), EnumText.Parse<SurgeonRole>(p.Role))).ToArray(),
                OriginHospitalId = r.OriginHospitalId is null ? null : Guid.Parse(r.OriginHospitalId),
                ConsentRecorded = r.ConsentRecorded != 0,
                ConsentReference = r.ConsentReference,
                Translations = TranslationsColumn.Read<SlotTranslation>(r.Translations),
            },
            EnumText.Parse<LiveStatus>(r.LiveStatus),
            Instants.FromMs(r.ExpectedStartAt),
            Instants.FromMs(r.CreatedAt),
            Instants.FromMs(r.UpdatedAt),
            (int)r.Version);
    }

    private static object Params(Slot s)
    {
        var d = s.Details;
        return new
        {
            Id = s.Id.ToString(),
            MeetingId = s.MeetingId.ToString(),
            Kind = EnumText.ToText(d.Kind),
            d.Title,
            StartsAt = Instants.ToMs(d.StartsAt),
            EndsAt = Instants.ToMs(d.EndsAt),
            d.Channel,
            d.Procedure,
            Approach = d.Approach is { } a ? EnumText.ToText(a) : null,
            OriginHospitalId = d.OriginHospitalId?.ToString(),
            ConsentRecorded = d.ConsentRecorded ? 1 : 0,
            d.ConsentReference,
            LiveStatus = EnumText.ToText(s.LiveStatus),
            ExpectedStartAt = Instants.ToMs(s.ExpectedStartAt),
            s.Version,
            CreatedAt = Instants.ToMs(s.CreatedAt),
            UpdatedAt = Instants.ToMs(s.UpdatedAt),
            Translations = TranslationsColumn.Write(d.Translations),
        };
    }

    private sealed class ClashRow
    {
        public string SlotId { get; init; } = "";
        public string MeetingId { get; init; } = "";
        public string FacultyId { get; init; } = "";
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

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string MeetingId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Title { get; init; } = "";
        public long StartsAt { get; init; }
        public long EndsAt { get; init; }
        public string Channel { get; init; } = "";
        public string? Procedure { get; init; }
        public string? Approach { get; init; }
        public string? OriginHospitalId { get; init; }
        public long ConsentRecorded { get; init; }
        public string? ConsentReference { get; init; }
        public string LiveStatus { get; init; } = "";
        public long? ExpectedStartAt { get; init; }
        public long Version { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public string? OriginHospitalName { get; init; }
        public string? OriginHospitalCity { get; init; }
        public string? Translations { get; init; }
    }
}

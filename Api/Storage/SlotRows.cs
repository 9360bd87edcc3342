using System.Text.Json;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Programme;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>Slots and their people to and from rows: the SQL every slot store shares. Runs on the caller's
/// connection and transaction.</summary>
internal static class SlotRows
{
    private const string SlotColumns = """
        SELECT s.id, s.meeting_id AS MeetingId, s.kind, s.title, s.starts_at AS StartsAt, s.ends_at AS EndsAt, s.channel,
               s.procedure, s.approach, s.origin_hospital_id AS OriginHospitalId, s.consent_recorded AS ConsentRecorded,
               s.consent_reference AS ConsentReference, s.accredited, s.live_status AS LiveStatus, s.expected_start_at AS ExpectedStartAt,
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

    private const string InsertSql = """
        INSERT INTO slots (id, meeting_id, kind, title, starts_at, ends_at, channel, procedure, approach, origin_hospital_id,
                           consent_recorded, consent_reference, accredited, live_status, expected_start_at, version, created_at, updated_at, translations)
        VALUES (@Id, @MeetingId, @Kind, @Title, @StartsAt, @EndsAt, @Channel, @Procedure, @Approach, @OriginHospitalId,
                @ConsentRecorded, @ConsentReference, @Accredited, @LiveStatus, @ExpectedStartAt, @Version, @CreatedAt, @UpdatedAt, @Translations)
        """;

    private const string UpdateSql = """
        UPDATE slots SET kind = @Kind, title = @Title, starts_at = @StartsAt, ends_at = @EndsAt, channel = @Channel,
               procedure = @Procedure, approach = @Approach, origin_hospital_id = @OriginHospitalId,
               consent_recorded = @ConsentRecorded, consent_reference = @ConsentReference, accredited = @Accredited, live_status = @LiveStatus,
               expected_start_at = @ExpectedStartAt, version = @Version, updated_at = @UpdatedAt, translations = @Translations
        WHERE id = @Id
        """;

    private const string DeletePeopleSql = "DELETE FROM slot_people WHERE slot_id = @Id";

    private const string InsertPersonSql = "INSERT INTO slot_people (slot_id, faculty_id, role, position) VALUES (@SlotId, @FacultyId, @Role, @Position)";

    private const string DeleteSql = "DELETE FROM slots WHERE id = @Id";

    public static async Task<LoadedSlot?> LoadOneAsync(DbConnection c, DbTransaction? tx, Guid meetingId, Guid slotId, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { MeetingId = meetingId.ToString(), Id = slotId.ToString() }, tx, cancellationToken: ct));
        return row is null ? null : (await WithPeopleAsync(c, tx, [row], ct))[0];
    }

    /// <summary>A page of the meeting's slots in (start, id) order; <paramref name="after"/> is the last one of the previous page.</summary>
    public static async Task<IReadOnlyList<LoadedSlot>> LoadManyAsync(DbConnection c, DbTransaction? tx, Guid meetingId, (long Start, string Id)? after,
        int limit, CancellationToken ct)
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

    public static async Task InsertAsync(DbConnection c, DbTransaction tx, Slot slot, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(InsertSql, Params(slot), tx, cancellationToken: ct));
        await WritePeopleAsync(c, tx, slot, ct);
    }

    public static async Task SaveAsync(DbConnection c, DbTransaction tx, Slot slot, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(UpdateSql, Params(slot), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(DeletePeopleSql, new { Id = slot.Id.ToString() }, tx, cancellationToken: ct));
        await WritePeopleAsync(c, tx, slot, ct);
    }

    public static Task DeleteAsync(DbConnection c, DbTransaction tx, Guid slotId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(DeleteSql, new { Id = slotId.ToString() }, tx, cancellationToken: ct));

    private static Task WritePeopleAsync(DbConnection c, DbTransaction tx, Slot slot, CancellationToken ct)
    {
        var id = slot.Id.ToString();
        var d = slot.Details;
        var rows = d.OperatingSurgeons.Select((s, i) => new { SlotId = id, FacultyId = s.FacultyId.ToString(), Role = EnumText.ToText(s.Role), Position = i })
            .Concat(d.SpeakerIds.Select((f, i) => new { SlotId = id, FacultyId = f.ToString(), Role = SlotPerson.Roles.Speaker, Position = i }))
            .Concat(d.ModeratorIds.Select((f, i) => new { SlotId = id, FacultyId = f.ToString(), Role = SlotPerson.Roles.Moderator, Position = i }))
            .ToArray();
        return c.ExecuteAsync(new CommandDefinition(InsertPersonSql, rows, tx, cancellationToken: ct));
    }

    private static async Task<IReadOnlyList<LoadedSlot>> WithPeopleAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var ids = JsonSerializer.Serialize(rows.Select(r => r.Id));
        var people = (await c.QueryAsync<PersonRow>(new CommandDefinition(PeopleSql, new { Ids = ids }, tx, cancellationToken: ct)))
            .ToLookup(p => p.SlotId, p => new SlotPerson(Guid.Parse(p.FacultyId), p.Role, (int)p.Position, p.FullName, p.Title, Guid.Parse(p.HospitalId), p.HospitalName));
        return rows.Select(r =>
        {
            var of = people[r.Id].ToList();
            var origin = r.OriginHospitalId is null || r.OriginHospitalName is null
                ? null
                : new SlotHospital(Guid.Parse(r.OriginHospitalId), r.OriginHospitalName, r.OriginHospitalCity ?? "");
            return new LoadedSlot(Map(r, of), of, origin);
        }).ToList();
    }

    private static Slot Map(Row r, IReadOnlyList<SlotPerson> people)
    {
        Guid[] Ids(string role) => people.Where(p => p.Role == role).OrderBy(p => p.Position).Select(p => p.FacultyId).ToArray();
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
                SpeakerIds = Ids(SlotPerson.Roles.Speaker),
                ModeratorIds = Ids(SlotPerson.Roles.Moderator),
                Procedure = r.Procedure,
                Approach = r.Approach is null ? null : EnumText.Parse<SurgicalApproach>(r.Approach),
                OperatingSurgeons = people.Where(p => p.IsOperatingSurgeon)
                    .OrderBy(p => p.Role == SlotPerson.Roles.Lead ? 0 : 1).ThenBy(p => p.Position)
                    .Select(p => new OperatingSurgeon(p.FacultyId, EnumText.Parse<SurgeonRole>(p.Role))).ToArray(),
                OriginHospitalId = r.OriginHospitalId is null ? null : Guid.Parse(r.OriginHospitalId),
                ConsentRecorded = r.ConsentRecorded != 0,
                Accredited = r.Accredited is { } accredited ? accredited != 0 : null,
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
            Accredited = d.Accredited is { } accredited ? (accredited ? 1 : 0) : (int?)null,
            d.ConsentReference,
            LiveStatus = EnumText.ToText(s.LiveStatus),
            ExpectedStartAt = Instants.ToMs(s.ExpectedStartAt),
            s.Version,
            CreatedAt = Instants.ToMs(s.CreatedAt),
            UpdatedAt = Instants.ToMs(s.UpdatedAt),
            Translations = TranslationsColumn.Write(d.Translations),
        };
    }

    private sealed class PersonRow
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
        public long? Accredited { get; init; }
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

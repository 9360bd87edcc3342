using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

public sealed record MeetingFilter(
    IReadOnlyCollection<MeetingStatus>? Statuses,
    string? City,
    string? Province,
    string? Series,
    DateTimeOffset? From,
    DateTimeOffset? To,
    bool PublicOnly,
    DateTimeOffset? UpdatedSince = null);

public sealed class MeetingStore(Database db)
{
    private const string Columns = """
        SELECT id, title, series, series_number AS SeriesNumber, format, time_zone AS TimeZone,
               starts_at AS StartsAt, ends_at AS EndsAt, city, province, venue_name AS VenueName,
               venue_address AS VenueAddress, stream_platform AS StreamPlatform, stream_url AS StreamUrl,
               host_hospital_id AS HostHospitalId, in_conjunction_with AS InConjunctionWith,
               in_person_capacity AS InPersonCapacity, online_capacity AS OnlineCapacity,
               registration_opens_at AS RegistrationOpensAt, registration_closes_at AS RegistrationClosesAt,
               status, cancellation_reason AS CancellationReason, created_at AS CreatedAt, updated_at AS UpdatedAt,
               published_at AS PublishedAt, version, translations
        FROM meetings
        """;

    private const string ByIdSql = Columns + " WHERE id = @Id";

    private const string CoOrganisersSql = "SELECT hospital_id FROM meeting_co_organisers WHERE meeting_id = @Id ORDER BY position";

    private const string ChairsSql = "SELECT faculty_id FROM meeting_chairs WHERE meeting_id = @Id ORDER BY position";

    private const string CoOrganisersForSql = "SELECT meeting_id AS MeetingId, hospital_id AS RefId FROM meeting_co_organisers WHERE meeting_id IN @Ids ORDER BY position";

    private const string ChairsForSql = "SELECT meeting_id AS MeetingId, faculty_id AS RefId FROM meeting_chairs WHERE meeting_id IN @Ids ORDER BY position";

    // Keyset on (starts_at, id). The status list is expanded by Dapper into IN (...).
    private const string ListSql = Columns + """
         WHERE (@AnyStatus = 1 OR status IN @Statuses)
           AND (@PublicOnly = 0 OR published_at IS NOT NULL)
           AND (@City IS NULL OR city = @City COLLATE NOCASE)
           AND (@Province IS NULL OR province = @Province COLLATE NOCASE)
           AND (@Series IS NULL OR series = @Series COLLATE NOCASE)
           AND (@From IS NULL OR ends_at > @From)
           AND (@To IS NULL OR starts_at < @To)
           AND (@UpdatedSince IS NULL OR updated_at > @UpdatedSince)
           AND (@AfterStart IS NULL OR starts_at > @AfterStart OR (starts_at = @AfterStart AND id > @AfterId))
         ORDER BY starts_at, id
         LIMIT @Limit
        """;

    private const string InsertSql = """
        INSERT INTO meetings (id, title, series, series_number, format, time_zone, starts_at, ends_at, city, province,
            venue_name, venue_address, stream_platform, stream_url, host_hospital_id, in_conjunction_with,
            in_person_capacity, online_capacity, registration_opens_at, registration_closes_at, status,
            cancellation_reason, created_at, updated_at, published_at, version, translations)
        VALUES (@Id, @Title, @Series, @SeriesNumber, @Format, @TimeZone, @StartsAt, @EndsAt, @City, @Province,
            @VenueName, @VenueAddress, @StreamPlatform, @StreamUrl, @HostHospitalId, @InConjunctionWith,
            @InPersonCapacity, @OnlineCapacity, @RegistrationOpensAt, @RegistrationClosesAt, @Status,
            @CancellationReason, @CreatedAt, @UpdatedAt, @PublishedAt, @Version, @Translations)
        """;

    // The version predicate is a second guard: the row must still be the one the change was computed from.
    private const string UpdateSql = """
        UPDATE meetings SET title = @Title, series = @Series, series_number = @SeriesNumber, format = @Format,
            time_zone = @TimeZone, starts_at = @StartsAt, ends_at = @EndsAt, city = @City, province = @Province,
            venue_name = @VenueName, venue_address = @VenueAddress, stream_platform = @StreamPlatform,
            stream_url = @StreamUrl, host_hospital_id = @HostHospitalId, in_conjunction_with = @InConjunctionWith,
            in_person_capacity = @InPersonCapacity, online_capacity = @OnlineCapacity,
            registration_opens_at = @RegistrationOpensAt, registration_closes_at = @RegistrationClosesAt,
            status = @Status, cancellation_reason = @CancellationReason, updated_at = @UpdatedAt,
            published_at = @PublishedAt, version = @Version, translations = @Translations
        WHERE id = @Id AND version = @Version - 1
        """;

    private const string DeleteRefsSql = """
        DELETE FROM meeting_co_organisers WHERE meeting_id = @Id;
        DELETE FROM meeting_chairs WHERE meeting_id = @Id;
        """;

    private const string InsertCoOrganiserSql = "INSERT INTO meeting_co_organisers (meeting_id, hospital_id, position) VALUES (@MeetingId, @RefId, @Position)";

    private const string InsertChairSql = "INSERT INTO meeting_chairs (meeting_id, faculty_id, position) VALUES (@MeetingId, @RefId, @Position)";

    private const string DeleteSql = "DELETE FROM meetings WHERE id = @Id";

    private const string MissingHospitalsSql = "SELECT value FROM json_each(@Ids) WHERE value NOT IN (SELECT id FROM hospitals)";

    private const string MissingFacultySql = "SELECT value FROM json_each(@Ids) WHERE value NOT IN (SELECT id FROM faculty)";

    public Task<Meeting?> GetAsync(Guid id, CancellationToken ct) =>
        db.ReadAsync(c => LoadAsync(c, null, id, ct), ct);

    public static async Task<Meeting?> LoadAsync(SqliteConnection c, SqliteTransaction? tx, Guid id, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var coOrganisers = await c.QueryAsync<string>(new CommandDefinition(CoOrganisersSql, new { Id = row.Id }, tx, cancellationToken: ct));
        var chairs = await c.QueryAsync<string>(new CommandDefinition(ChairsSql, new { Id = row.Id }, tx, cancellationToken: ct));
        return Map(row, coOrganisers.Select(Guid.Parse).ToArray(), chairs.Select(Guid.Parse).ToArray());
    }

    public Task<IReadOnlyList<Meeting>> ListAsync(MeetingFilter filter, (long Start, string Id)? after, int limit, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<Meeting>>(async c =>
        {
            var statuses = filter.Statuses?.Select(EnumText.ToText).ToArray() ?? [];
            var rows = (await c.QueryAsync<Row>(new CommandDefinition(ListSql, new
            {
                AnyStatus = filter.Statuses is null ? 1 : 0,
                PublicOnly = filter.PublicOnly ? 1 : 0,
                Statuses = statuses,
                filter.City,
                filter.Province,
                filter.Series,
                From = Instants.ToMs(filter.From),
                To = Instants.ToMs(filter.To),
                UpdatedSince = Instants.ToMs(filter.UpdatedSince),
                AfterStart = after?.Start,
                AfterId = after?.Id,
                Limit = limit,
            }, cancellationToken: ct))).AsList();
            if (rows.Count == 0)
            {
                return [];
            }

            var ids = rows.Select(r => r.Id).ToArray();
            var coOrganisers = (await c.QueryAsync<RefRow>(new CommandDefinition(CoOrganisersForSql, new { Ids = ids }, cancellationToken: ct))).ToLookup(r => r.MeetingId);
            var chairs = (await c.QueryAsync<RefRow>(new CommandDefinition(ChairsForSql, new { Ids = ids }, cancellationToken: ct))).ToLookup(r => r.MeetingId);
            return rows.Select(r => Map(r,
                coOrganisers[r.Id].Select(x => Guid.Parse(x.RefId)).ToArray(),
                chairs[r.Id].Select(x => Guid.Parse(x.RefId)).ToArray())).ToList();
        }, ct);

    /// <param name="alsoInTransaction">Extra work committed with the insert (e.g. the Idempotency-Key record).</param>
    public Task InsertAsync(Meeting meeting, CancellationToken ct, Func<SqliteConnection, SqliteTransaction, Task>? alsoInTransaction = null) =>
        db.WriteAsync(async (c, tx) =>
        {
            await EnsureReferencesAsync(c, tx, meeting.Details, ct);
            await c.ExecuteAsync(new CommandDefinition(InsertSql, Params(meeting), tx, cancellationToken: ct));
            await WriteRefsAsync(c, tx, meeting, ct);
            await ChangeLog.RecordAsync(c, tx, Event(meeting, "meeting.created"), meeting.UpdatedAt, ct);
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction(c, tx);
            }

            return 0;
        }, ct);

    /// <summary>Loads the meeting, checks If-Match, runs <paramref name="change"/> (domain verbs and any
    /// checks of other tables, on the same transaction) and saves, all under one write lock.</summary>
    public Task<Meeting> UpdateAsync(Guid id, string? ifMatch, Func<SqliteConnection, SqliteTransaction, Meeting, Task> change, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var meeting = await LoadAsync(c, tx, id, ct) ?? throw ApiException.NotFound("Meeting");
            ETags.Check(ifMatch, meeting.Version);
            var before = meeting.Version;
            var statusBefore = meeting.Status;
            await change(c, tx, meeting);
            if (meeting.Version == before)
            {
                return meeting;
            }

            await EnsureReferencesAsync(c, tx, meeting.Details, ct);
            await c.ExecuteAsync(new CommandDefinition(UpdateSql, Params(meeting), tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(DeleteRefsSql, new { Id = id.ToString() }, tx, cancellationToken: ct));
            await WriteRefsAsync(c, tx, meeting, ct);
            await ChangeLog.RecordAsync(c, tx, Event(meeting, EventType(statusBefore, meeting.Status)), meeting.UpdatedAt, ct);
            return meeting;
        }, ct);

    public Task<Meeting> UpdateAsync(Guid id, string? ifMatch, Action<Meeting> change, CancellationToken ct) =>
        UpdateAsync(id, ifMatch, (_, _, m) =>
        {
            change(m);
            return Task.CompletedTask;
        }, ct);

    /// <summary>Deletes a draft. Returns false when there is no such meeting.</summary>
    public Task<bool> DeleteAsync(Guid id, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var meeting = await LoadAsync(c, tx, id, ct);
            if (meeting is null)
            {
                return false;
            }

            meeting.EnsureDeletable();
            await c.ExecuteAsync(new CommandDefinition(DeleteSql, new { Id = id.ToString() }, tx, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, tx, Event(meeting, "meeting.deleted"), now, ct);
            return true;
        }, ct);

    /// <summary>The event a status move means; any other edit is meeting.updated.</summary>
    private static string EventType(MeetingStatus before, MeetingStatus after) => (before, after) switch
    {
        (not MeetingStatus.Published, MeetingStatus.Published) => "meeting.published",
        (not MeetingStatus.Cancelled, MeetingStatus.Cancelled) => "meeting.cancelled",
        (not MeetingStatus.Completed, MeetingStatus.Completed) => "meeting.completed",
        _ => "meeting.updated",
    };

    /// <summary>The public view of the meeting (no stream URL): what every subscriber may see.</summary>
    private static Change Event(Meeting m, string type) =>
        new("meeting", m.Id.ToString(), type, m.Version, m.Id.ToString(), null,
            Features.Meetings.MeetingResponse.From(m, Auth.Caller.Anonymous));

    private static async Task EnsureReferencesAsync(SqliteConnection c, SqliteTransaction tx, MeetingDetails details, CancellationToken ct)
    {
        var hospitals = System.Text.Json.JsonSerializer.Serialize(details.CoOrganiserHospitalIds.Append(details.HostHospitalId).Select(g => g.ToString()));
        var missingHospitals = (await c.QueryAsync<string>(new CommandDefinition(MissingHospitalsSql, new { Ids = hospitals }, tx, cancellationToken: ct))).ToList();
        if (missingHospitals.Count > 0)
        {
            var field = missingHospitals.Contains(details.HostHospitalId.ToString()) ? "hostHospitalId" : "coOrganiserHospitalIds";
            throw Domain.Common.RuleViolation.Invalid("unknown_hospital", $"No hospital with id {missingHospitals[0]}.", field);
        }

        var chairs = System.Text.Json.JsonSerializer.Serialize(details.ChairIds.Select(g => g.ToString()));
        var missingChairs = (await c.QueryAsync<string>(new CommandDefinition(MissingFacultySql, new { Ids = chairs }, tx, cancellationToken: ct))).ToList();
        if (missingChairs.Count > 0)
        {
            throw Domain.Common.RuleViolation.Invalid("unknown_faculty", $"No faculty member with id {missingChairs[0]}.", "chairIds");
        }
    }

    private static async Task WriteRefsAsync(SqliteConnection c, SqliteTransaction tx, Meeting meeting, CancellationToken ct)
    {
        var id = meeting.Id.ToString();
        await c.ExecuteAsync(new CommandDefinition(InsertCoOrganiserSql,
            meeting.Details.CoOrganiserHospitalIds.Select((h, i) => new { MeetingId = id, RefId = h.ToString(), Position = i }), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(InsertChairSql,
            meeting.Details.ChairIds.Select((f, i) => new { MeetingId = id, RefId = f.ToString(), Position = i }), tx, cancellationToken: ct));
    }

    private static object Params(Meeting m)
    {
        var d = m.Details;
        return new
        {
            Id = m.Id.ToString(),
            d.Title,
            d.Series,
            d.SeriesNumber,
            Format = EnumText.ToText(d.Format),
            d.TimeZone,
            StartsAt = Instants.ToMs(d.StartsAt),
            EndsAt = Instants.ToMs(d.EndsAt),
            d.City,
            d.Province,
            VenueName = d.Venue?.Name,
            VenueAddress = d.Venue?.Address,
            StreamPlatform = d.Stream?.Platform,
            StreamUrl = d.Stream?.Url,
            HostHospitalId = d.HostHospitalId.ToString(),
            d.InConjunctionWith,
            d.InPersonCapacity,
            d.OnlineCapacity,
            RegistrationOpensAt = Instants.ToMs(d.RegistrationOpensAt),
            RegistrationClosesAt = Instants.ToMs(d.RegistrationClosesAt),
            Status = EnumText.ToText(m.Status),
            m.CancellationReason,
            CreatedAt = Instants.ToMs(m.CreatedAt),
            UpdatedAt = Instants.ToMs(m.UpdatedAt),
            PublishedAt = Instants.ToMs(m.PublishedAt),
            m.Version,
            Translations = TranslationsColumn.Write(d.Translations),
        };
    }

    private static Meeting Map(Row r, Guid[] coOrganisers, Guid[] chairs) => Meeting.Restore(
        Guid.Parse(r.Id),
        new MeetingDetails
        {
            Title = r.Title,
            Series = r.Series,
            SeriesNumber = (int?)r.SeriesNumber,
            Format = EnumText.Parse<MeetingFormat>(r.Format),
            TimeZone = r.TimeZone,
            StartsAt = Instants.FromMs(r.StartsAt),
            EndsAt = Instants.FromMs(r.EndsAt),
            City = r.City,
            Province = r.Province,
            Venue = r.VenueName is null ? null : new Venue(r.VenueName, r.VenueAddress),
            Stream = r.StreamPlatform is null || r.StreamUrl is null ? null : new StreamInfo(r.StreamPlatform, r.StreamUrl),
            HostHospitalId = Guid.Parse(r.HostHospitalId),
            CoOrganiserHospitalIds = coOrganisers,
            ChairIds = chairs,
            InConjunctionWith = r.InConjunctionWith,
            InPersonCapacity = (int?)r.InPersonCapacity,
            OnlineCapacity = (int?)r.OnlineCapacity,
            RegistrationOpensAt = Instants.FromMs(r.RegistrationOpensAt),
            RegistrationClosesAt = Instants.FromMs(r.RegistrationClosesAt),
            Translations = TranslationsColumn.Read<MeetingTranslation>(r.Translations),
        },
        EnumText.Parse<MeetingStatus>(r.Status),
        r.CancellationReason,
        Instants.FromMs(r.CreatedAt),
        Instants.FromMs(r.UpdatedAt),
        Instants.FromMs(r.PublishedAt),
        (int)r.Version);

    private sealed record RefRow(string MeetingId, string RefId);

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Series { get; init; }
        public long? SeriesNumber { get; init; }
        public string Format { get; init; } = "";
        public string TimeZone { get; init; } = "";
        public long StartsAt { get; init; }
        public long EndsAt { get; init; }
        public string? City { get; init; }
        public string? Province { get; init; }
        public string? VenueName { get; init; }
        public string? VenueAddress { get; init; }
        public string? StreamPlatform { get; init; }
        public string? StreamUrl { get; init; }
        public string HostHospitalId { get; init; } = "";
        public string? InConjunctionWith { get; init; }
        public long? InPersonCapacity { get; init; }
        public long? OnlineCapacity { get; init; }
        public long? RegistrationOpensAt { get; init; }
        public long? RegistrationClosesAt { get; init; }
        public string Status { get; init; } = "";
        public string? CancellationReason { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long? PublishedAt { get; init; }
        public long Version { get; init; }
        public string? Translations { get; init; }
    }
}

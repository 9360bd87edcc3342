using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>Meetings with their co-organisers and chairs to and from rows. Runs on the caller's connection and transaction.</summary>
internal static class MeetingRows
{
    public const string Columns = """
        SELECT id, title, series, series_number AS SeriesNumber, format, language, time_zone AS TimeZone,
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

    private const string InsertSql = """
        INSERT INTO meetings (id, title, series, series_number, format, language, time_zone, starts_at, ends_at, city, province,
            venue_name, venue_address, stream_platform, stream_url, host_hospital_id, in_conjunction_with,
            in_person_capacity, online_capacity, registration_opens_at, registration_closes_at, status,
            cancellation_reason, created_at, updated_at, published_at, version, translations)
        VALUES (@Id, @Title, @Series, @SeriesNumber, @Format, @Language, @TimeZone, @StartsAt, @EndsAt, @City, @Province,
            @VenueName, @VenueAddress, @StreamPlatform, @StreamUrl, @HostHospitalId, @InConjunctionWith,
            @InPersonCapacity, @OnlineCapacity, @RegistrationOpensAt, @RegistrationClosesAt, @Status,
            @CancellationReason, @CreatedAt, @UpdatedAt, @PublishedAt, @Version, @Translations)
        """;

    // The version predicate is a second guard: the row must still be the one the change was computed from.
    private const string UpdateSql = """
        UPDATE meetings SET title = @Title, series = @Series, series_number = @SeriesNumber, format = @Format, language = @Language,
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

    public static async Task<Meeting?> LoadAsync(DbConnection c, DbTransaction? tx, Guid id, CancellationToken ct)
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

    /// <summary>Runs <paramref name="sql"/> (which selects <see cref="Columns"/>) and loads the found meetings' references.</summary>
    public static async Task<IReadOnlyList<Meeting>> QueryAsync(DbConnection c, string sql, object parameters, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList();
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
    }

    public static async Task InsertAsync(DbConnection c, DbTransaction tx, Meeting meeting, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(InsertSql, Params(meeting), tx, cancellationToken: ct));
        await WriteRefsAsync(c, tx, meeting, ct);
    }

    public static async Task SaveAsync(DbConnection c, DbTransaction tx, Meeting meeting, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(UpdateSql, Params(meeting), tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(DeleteRefsSql, new { Id = meeting.Id.ToString() }, tx, cancellationToken: ct));
        await WriteRefsAsync(c, tx, meeting, ct);
    }

    private static async Task WriteRefsAsync(DbConnection c, DbTransaction tx, Meeting meeting, CancellationToken ct)
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
            Language = EnumText.ToText(d.Language),
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
            Language = EnumText.Parse<Domain.Common.Language>(r.Language),
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
        public string Language { get; init; } = "zh";
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
    }}

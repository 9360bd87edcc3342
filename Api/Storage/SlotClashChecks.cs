using System.Text.Json;
using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Programme;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>The programme rules that need other rows: references exist, no overlap on a channel, no faculty
/// member in two overlapping slots of any meeting. Run inside the write transaction (BEGIN IMMEDIATE), so two
/// concurrent bookings can never both pass.</summary>
internal static class SlotClashChecks
{
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

    private const string HospitalExistsSql = "SELECT EXISTS (SELECT 1 FROM hospitals WHERE id = @Id)";

    /// <summary>400 unknown_faculty / unknown_hospital naming the field, for the first id that names nobody.</summary>
    public static async Task EnsureReferencesAsync(DbConnection c, DbTransaction tx, SlotDetails d, CancellationToken ct)
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
                throw ReferenceRules.NoSuchFaculty($"No faculty member with id {missing}.", field);
            }
        }

        if (d.OriginHospitalId is { } hospital &&
            !await c.ExecuteScalarAsync<bool>(new CommandDefinition(HospitalExistsSql, new { Id = hospital.ToString() }, tx, cancellationToken: ct)))
        {
            throw ReferenceRules.NoSuchHospital($"No hospital with id {hospital}.", "originHospitalId");
        }
    }

    /// <summary>409 slot_overlap or faculty_double_booked, naming the first slot it clashes with. A cancelled slot clashes with nothing.</summary>
    public static async Task CheckAsync(DbConnection c, DbTransaction tx, Slot slot, CancellationToken ct)
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

    private sealed class ClashRow
    {
        public string SlotId { get; init; } = "";
        public string MeetingId { get; init; } = "";
        public string FacultyId { get; init; } = "";
    }
}

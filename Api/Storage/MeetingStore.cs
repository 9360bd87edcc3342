using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;
using System.Data.Common;

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

public sealed class MeetingStore(Database db, IMeetingViews views, ISlotViews slotViews)
{
    // The calendar's SEQUENCE counts significant changes only (see CalendarSignificance and migration 0011).
    private const string BumpCalendarSequenceSql = "UPDATE meetings SET calendar_sequence = calendar_sequence + 1 WHERE id = @Id";

    // Keyset on (starts_at, id). The status list is expanded by Dapper into IN (...).
    private const string ListSql = MeetingRows.Columns + """
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

    private const string DeleteSql = "DELETE FROM meetings WHERE id = @Id";

    private const string MissingHospitalsSql = "SELECT value FROM json_each(@Ids) WHERE value NOT IN (SELECT id FROM hospitals)";

    private const string MissingFacultySql = "SELECT value FROM json_each(@Ids) WHERE value NOT IN (SELECT id FROM faculty)";

    public Task<Meeting?> GetAsync(Guid id, CancellationToken ct) =>
        db.ReadAsync(c => LoadAsync(c, null, id, ct), ct);

    /// <summary>Reads one meeting on the caller's connection (and transaction, for checks inside a write).</summary>
    public static Task<Meeting?> LoadAsync(DbConnection c, DbTransaction? tx, Guid id, CancellationToken ct) =>
        MeetingRows.LoadAsync(c, tx, id, ct);

    public Task<IReadOnlyList<Meeting>> ListAsync(MeetingFilter filter, (long Start, string Id)? after, int limit, CancellationToken ct) =>
        db.ReadAsync(c => MeetingRows.QueryAsync(c, ListSql, new
        {
            AnyStatus = filter.Statuses is null ? 1 : 0,
            PublicOnly = filter.PublicOnly ? 1 : 0,
            Statuses = filter.Statuses?.Select(EnumText.ToText).ToArray() ?? [],
            filter.City,
            filter.Province,
            filter.Series,
            From = Instants.ToMs(filter.From),
            To = Instants.ToMs(filter.To),
            UpdatedSince = Instants.ToMs(filter.UpdatedSince),
            AfterStart = after?.Start,
            AfterId = after?.Id,
            Limit = limit,
        }, ct), ct);

    /// <param name="recorder">The request's Idempotency-Key record, written with the insert.</param>
    public Task<Meeting> InsertAsync(Meeting meeting, IdempotencyRecorder<Meeting>? recorder, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await EnsureReferencesAsync(c, tx, meeting.Details, ct);
            await MeetingRows.InsertAsync(c, tx, meeting, ct);
            await ChangeLog.RecordAsync(c, tx, Event(views, meeting, ChangeTypes.MeetingCreated), meeting.UpdatedAt, ct);
            if (recorder is not null)
            {
                await recorder.Build(meeting).WriteAsync(c, tx, ct);
            }

            return meeting;
        }, ct);

    /// <summary>Loads the meeting, checks the precondition, runs <paramref name="change"/> (domain verbs and any
    /// checks of other tables, on the same transaction) and saves, all under one write lock.</summary>
    public Task<Meeting> UpdateAsync(Guid id, VersionPrecondition expected, Func<DbConnection, DbTransaction, Meeting, Task> change, CancellationToken ct) =>
        db.WriteAsync((c, tx) => UpdateInAsync(c, tx, id, expected, change, ct), ct);

    /// <summary>As <see cref="UpdateAsync(Guid, VersionPrecondition, Func{DbConnection, DbTransaction, Meeting, Task}, CancellationToken)"/>,
    /// on a transaction the caller holds: the registration writer's batch, for edits that move seats (capacity,
    /// format, cancellation), so the meeting and its registrations change in one commit.</summary>
    public async Task<Meeting> UpdateInAsync(DbConnection c, DbTransaction tx, Guid id, VersionPrecondition expected,
        Func<DbConnection, DbTransaction, Meeting, Task> change, CancellationToken ct)
    {
        var meeting = await LoadAsync(c, tx, id, ct) ?? throw new NotFoundException("Meeting");
        expected.Check(meeting.Version);
        var before = meeting.Version;
        var statusBefore = meeting.Status;
        var detailsBefore = meeting.Details;
        await change(c, tx, meeting);
        if (meeting.Version == before)
        {
            return meeting;
        }

        await EnsureReferencesAsync(c, tx, meeting.Details, ct);
        await MeetingRows.SaveAsync(c, tx, meeting, ct);
        if (CalendarSignificance.Of(detailsBefore, statusBefore, meeting.Details, meeting.Status))
        {
            await c.ExecuteAsync(new CommandDefinition(BumpCalendarSequenceSql, new { Id = meeting.Id.ToString() }, tx, cancellationToken: ct));
        }
        var type = EventType(statusBefore, meeting.Status);
        await ChangeLog.RecordAsync(c, tx, Event(views, meeting, type), meeting.UpdatedAt, ct);
        if (type == ChangeTypes.MeetingPublished)
        {
            await RecordPublishedProgrammeAsync(c, tx, meeting, ct);
        }

        return meeting;
    }

    /// <summary>The programme as it stands at publication, one slot.published per slot in programme order, right
    /// after meeting.published and in its transaction. A draft's changes are hidden from integrations (see
    /// <see cref="ChangeScope"/>), so without these a mirror built from the feed or webhooks would never learn of
    /// the slots planned before the publication.</summary>
    private async Task RecordPublishedProgrammeAsync(DbConnection c, DbTransaction tx, Meeting meeting, CancellationToken ct)
    {
        foreach (var slot in await SlotRows.LoadManyAsync(c, tx, meeting.Id, null, int.MaxValue, ct))
        {
            await ChangeLog.RecordAsync(c, tx, new Change("slot", slot.Slot.Id.ToString(), ChangeTypes.SlotPublished, slot.Slot.Version,
                meeting.Id.ToString(), null, slotViews.PublicView(meeting, slot)), meeting.UpdatedAt, ct);
        }
    }

    public Task<Meeting> UpdateAsync(Guid id, VersionPrecondition expected, Action<Meeting> change, CancellationToken ct) =>
        UpdateAsync(id, expected, (_, _, m) =>
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
            await ChangeLog.RecordAsync(c, tx, Event(views, meeting, ChangeTypes.MeetingDeleted), now, ct);
            return true;
        }, ct);

    /// <summary>The event a status move means; any other edit is meeting.updated.</summary>
    private static string EventType(MeetingStatus before, MeetingStatus after) => (before, after) switch
    {
        (not MeetingStatus.Published, MeetingStatus.Published) => ChangeTypes.MeetingPublished,
        (not MeetingStatus.Cancelled, MeetingStatus.Cancelled) => ChangeTypes.MeetingCancelled,
        (not MeetingStatus.Completed, MeetingStatus.Completed) => ChangeTypes.MeetingCompleted,
        _ => ChangeTypes.MeetingUpdated,
    };

    /// <summary>The public view of the meeting (no stream URL): what every subscriber may see.</summary>
    private static Change Event(IMeetingViews views, Meeting m, string type) =>
        new("meeting", m.Id.ToString(), type, m.Version, m.Id.ToString(), null, views.PublicView(m));

    private static async Task EnsureReferencesAsync(DbConnection c, DbTransaction tx, MeetingDetails details, CancellationToken ct)
    {
        var hospitals = System.Text.Json.JsonSerializer.Serialize(details.CoOrganiserHospitalIds.Append(details.HostHospitalId).Select(g => g.ToString()));
        var missingHospitals = (await c.QueryAsync<string>(new CommandDefinition(MissingHospitalsSql, new { Ids = hospitals }, tx, cancellationToken: ct))).ToList();
        if (missingHospitals.Count > 0)
        {
            var field = missingHospitals.Contains(details.HostHospitalId.ToString()) ? "hostHospitalId" : "coOrganiserHospitalIds";
            throw ReferenceRules.NoSuchHospital($"No hospital with id {missingHospitals[0]}.", field);
        }

        var chairs = System.Text.Json.JsonSerializer.Serialize(details.ChairIds.Select(g => g.ToString()));
        var missingChairs = (await c.QueryAsync<string>(new CommandDefinition(MissingFacultySql, new { Ids = chairs }, tx, cancellationToken: ct))).ToList();
        if (missingChairs.Count > 0)
        {
            throw ReferenceRules.NoSuchFaculty($"No faculty member with id {missingChairs[0]}.", "chairIds");
        }
    }

}

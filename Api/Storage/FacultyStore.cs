using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Faculty;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

public sealed class FacultyStore(Database db)
{
    private const string Columns = "SELECT id, full_name AS FullName, title, hospital_id AS HospitalId, specialty, version FROM faculty";

    private const string ByIdSql = Columns + " WHERE id = @Id";

    private const string ListSql = Columns + """
         WHERE (@HospitalId IS NULL OR hospital_id = @HospitalId)
           AND (@UpdatedSince IS NULL OR updated_at > @UpdatedSince)
           AND (@AfterName IS NULL OR full_name > @AfterName OR (full_name = @AfterName AND id > @AfterId))
         ORDER BY full_name, id
         LIMIT @Limit
        """;

    private const string InsertSql = """
        INSERT INTO faculty (id, full_name, title, hospital_id, specialty, version, created_at, updated_at)
        VALUES (@Id, @FullName, @Title, @HospitalId, @Specialty, @Version, @Now, @Now)
        """;

    private const string UpdateSql = """
        UPDATE faculty SET full_name = @FullName, title = @Title, hospital_id = @HospitalId, specialty = @Specialty,
               version = @Version, updated_at = @Now
        WHERE id = @Id
        """;

    private const string DeleteSql = "DELETE FROM faculty WHERE id = @Id";

    public Task<FacultyMember?> GetAsync(Guid id, CancellationToken ct) =>
        db.ReadAsync(async c => Map(await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, cancellationToken: ct))), ct);

    public Task<IReadOnlyList<FacultyMember>> ListAsync(Guid? hospitalId, (string Name, string Id)? after, int limit, CancellationToken ct,
        DateTimeOffset? updatedSince = null) =>
        db.ReadAsync<IReadOnlyList<FacultyMember>>(async c => (await c.QueryAsync<Row>(new CommandDefinition(ListSql, new
        {
            HospitalId = hospitalId?.ToString(),
            UpdatedSince = Instants.ToMs(updatedSince),
            AfterName = after?.Name,
            AfterId = after?.Id,
            Limit = limit,
        }, cancellationToken: ct))).Select(r => Map(r)!).ToList(), ct);

    /// <param name="recorder">The request's Idempotency-Key record, written with the insert.</param>
    public Task<FacultyMember> InsertAsync(FacultyMember member, DateTimeOffset now, IdempotencyRecorder<FacultyMember>? recorder, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await EnsureHospitalAsync(c, tx, member.HospitalId, ct);
            await c.ExecuteAsync(new CommandDefinition(InsertSql, Params(member, now), tx, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, tx, Event(member, ChangeTypes.FacultyCreated), now, ct);
            if (recorder is not null)
            {
                await recorder.Build(member).WriteAsync(c, tx, ct);
            }

            return member;
        }, ct);

    public Task<FacultyMember> UpdateAsync(Guid id, VersionPrecondition expected, Func<FacultyMember, FacultyMember> change, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var current = Map(await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, tx, cancellationToken: ct)))
                          ?? throw new NotFoundException("Faculty member");
            expected.Check(current.Version);
            var updated = change(current);
            await EnsureHospitalAsync(c, tx, updated.HospitalId, ct);
            await c.ExecuteAsync(new CommandDefinition(UpdateSql, Params(updated, now), tx, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, tx, Event(updated, ChangeTypes.FacultyUpdated), now, ct);
            return updated;
        }, ct);

    public Task<bool> DeleteAsync(Guid id, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var current = Map(await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, tx, cancellationToken: ct)));
            if (current is null)
            {
                return false;
            }

            await c.ExecuteAsync(new CommandDefinition(DeleteSql, new { Id = id.ToString() }, tx, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, tx, Event(current, ChangeTypes.FacultyDeleted), now, ct);
            return true;
        }, ct);

    private static Change Event(FacultyMember f, string type) => new("faculty", f.Id.ToString(), type, f.Version, null, null, f);

    private static async Task EnsureHospitalAsync(DbConnection c, DbTransaction tx, Guid hospitalId, CancellationToken ct)
    {
        if (!await HospitalStore.ExistsAsync(c, tx, hospitalId, ct))
        {
            throw ReferenceRules.NoSuchHospital("'hospitalId' does not name a hospital.");
        }
    }

    private static object Params(FacultyMember f, DateTimeOffset now) => new
    {
        Id = f.Id.ToString(),
        f.FullName,
        f.Title,
        HospitalId = f.HospitalId.ToString(),
        f.Specialty,
        f.Version,
        Now = Instants.ToMs(now),
    };

    private static FacultyMember? Map(Row? r) => r is null
        ? null
        : FacultyMember.Restore(Guid.Parse(r.Id), r.FullName, r.Title, Guid.Parse(r.HospitalId), r.Specialty, (int)r.Version);

    private sealed record Row(string Id, string FullName, string? Title, string HospitalId, string? Specialty, long Version);
}

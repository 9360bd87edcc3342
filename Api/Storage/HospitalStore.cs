using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Hospitals;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

public sealed class HospitalStore(Database db)
{
    private const string Columns = "SELECT id, name, city, province, alliance_role AS AllianceRole, version FROM hospitals";

    private const string ByIdSql = Columns + " WHERE id = @Id";

    private const string ByNameSql = Columns + " WHERE name = @Name COLLATE NOCASE";

    // Keyset pagination on (name, id): stable while rows are added.
    private const string ListSql = Columns + """
         WHERE (@Province IS NULL OR province = @Province)
           AND (@Role IS NULL OR alliance_role = @Role)
           AND (@UpdatedSince IS NULL OR updated_at > @UpdatedSince)
           AND (@AfterName IS NULL OR name > @AfterName OR (name = @AfterName AND id > @AfterId))
         ORDER BY name, id
         LIMIT @Limit
        """;

    private const string InsertSql = """
        INSERT INTO hospitals (id, name, city, province, alliance_role, version, created_at, updated_at)
        VALUES (@Id, @Name, @City, @Province, @AllianceRole, @Version, @Now, @Now)
        """;

    private const string UpdateSql = """
        UPDATE hospitals SET name = @Name, city = @City, province = @Province, alliance_role = @AllianceRole,
               version = @Version, updated_at = @Now
        WHERE id = @Id
        """;

    private const string DeleteSql = "DELETE FROM hospitals WHERE id = @Id";

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM hospitals WHERE id = @Id)";

    public Task<Hospital?> GetAsync(Guid id, CancellationToken ct) =>
        db.ReadAsync(async c => Map(await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, cancellationToken: ct))), ct);

    public Task<IReadOnlyList<Hospital>> ListAsync(string? province, AllianceRole? role, (string Name, string Id)? after, int limit, CancellationToken ct,
        DateTimeOffset? updatedSince = null) =>
        db.ReadAsync<IReadOnlyList<Hospital>>(async c => (await c.QueryAsync<Row>(new CommandDefinition(ListSql, new
        {
            Province = province,
            Role = role is { } r ? EnumText.ToText(r) : null,
            UpdatedSince = Instants.ToMs(updatedSince),
            AfterName = after?.Name,
            AfterId = after?.Id,
            Limit = limit,
        }, cancellationToken: ct))).Select(r => Map(r)!).ToList(), ct);

    /// <param name="recorder">The request's Idempotency-Key record, written with the insert.</param>
    public Task<Hospital> InsertAsync(Hospital hospital, DateTimeOffset now, IdempotencyRecorder<Hospital>? recorder, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await EnsureNameFreeAsync(c, tx, hospital, ct);
            await c.ExecuteAsync(new CommandDefinition(InsertSql, Params(hospital, now), tx, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, tx, Event(hospital, ChangeTypes.HospitalCreated), now, ct);
            if (recorder is not null)
            {
                await recorder.Build(hospital).WriteAsync(c, tx, ct);
            }

            return hospital;
        }, ct);

    /// <summary>Loads, checks the precondition, applies <paramref name="change"/> and saves, all in one write transaction.</summary>
    public Task<Hospital> UpdateAsync(Guid id, VersionPrecondition expected, Func<Hospital, Hospital> change, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var current = Map(await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, tx, cancellationToken: ct)))
                          ?? throw new NotFoundException("Hospital");
            expected.Check(current.Version);
            var updated = change(current);
            await EnsureNameFreeAsync(c, tx, updated, ct);
            await c.ExecuteAsync(new CommandDefinition(UpdateSql, Params(updated, now), tx, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, tx, Event(updated, ChangeTypes.HospitalUpdated), now, ct);
            return updated;
        }, ct);

    /// <summary>Deletes; a foreign key still pointing at the hospital makes SQLite refuse (409 in_use).</summary>
    public Task<bool> DeleteAsync(Guid id, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var current = Map(await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { Id = id.ToString() }, tx, cancellationToken: ct)));
            if (current is null)
            {
                return false;
            }

            await c.ExecuteAsync(new CommandDefinition(DeleteSql, new { Id = id.ToString() }, tx, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, tx, Event(current, ChangeTypes.HospitalDeleted), now, ct);
            return true;
        }, ct);

    private static Change Event(Hospital h, string type) => new("hospital", h.Id.ToString(), type, h.Version, null, null, h);

    public static async Task<bool> ExistsAsync(DbConnection c, DbTransaction? tx, Guid id, CancellationToken ct) =>
        await c.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { Id = id.ToString() }, tx, cancellationToken: ct));

    private static async Task EnsureNameFreeAsync(DbConnection c, DbTransaction tx, Hospital hospital, CancellationToken ct)
    {
        var other = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByNameSql, new { hospital.Name }, tx, cancellationToken: ct));
        if (other is not null && other.Id != hospital.Id.ToString())
        {
            throw HospitalRules.NameTakenBy(Guid.Parse(other.Id));
        }
    }

    private static object Params(Hospital h, DateTimeOffset now) => new
    {
        Id = h.Id.ToString(),
        h.Name,
        h.City,
        h.Province,
        AllianceRole = EnumText.ToText(h.AllianceRole),
        h.Version,
        Now = Instants.ToMs(now),
    };

    private static Hospital? Map(Row? r) => r is null
        ? null
        : Hospital.Restore(Guid.Parse(r.Id), r.Name, r.City, r.Province, EnumText.Parse<AllianceRole>(r.AllianceRole), (int)r.Version);

    private sealed record Row(string Id, string Name, string City, string Province, string AllianceRole, long Version);
}

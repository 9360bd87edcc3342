using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>Reads the change log as the change feed.</summary>
public sealed class ChangeStore(Database db)
{
    private static readonly string FeedSql = $"""
        SELECT c.seq, c.occurred_at AS OccurredAt, c.entity, c.entity_id AS EntityId, c.type, c.version,
               c.meeting_id AS MeetingId, c.hospital_id AS HospitalId, c.payload
        FROM changes c
        WHERE c.seq > @After
          AND (@Entity IS NULL OR c.entity = @Entity)
          AND {ChangeScope.Sql("@HospitalId", "@IncludeDrafts")}
        ORDER BY c.seq
        LIMIT @Limit
        """;

    private const string LastSeqSql = "SELECT COALESCE(MAX(seq), 0) FROM changes";

    /// <summary>Up to <paramref name="limit"/> visible changes after <paramref name="after"/>, and the last seq
    /// committed when they were read (both from one snapshot: a short page means the caller is caught up to it).</summary>
    /// <param name="hospitalId">Null: every hospital (staff); else an integration key's scope.</param>
    public Task<(IReadOnlyList<ChangeRow> Rows, long LastSeq)> ListAsync(long after, string? entity, string? hospitalId, bool includeDrafts, int limit, CancellationToken ct) =>
        db.ReadAsync<(IReadOnlyList<ChangeRow>, long)>(async c =>
        {
            await using var tx = await db.BeginSnapshotAsync(c, ct);
            var lastSeq = await c.ExecuteScalarAsync<long>(new CommandDefinition(LastSeqSql, transaction: tx, cancellationToken: ct));
            var rows = (await c.QueryAsync<ChangeRow>(new CommandDefinition(FeedSql, new
            {
                After = after,
                Entity = entity,
                HospitalId = hospitalId,
                IncludeDrafts = includeDrafts ? 1 : 0,
                Limit = limit,
            }, tx, cancellationToken: ct))).AsList();
            return (rows, lastSeq);
        }, ct);
}

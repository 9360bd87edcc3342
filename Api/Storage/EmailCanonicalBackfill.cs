using Dapper;
using EventScheduler.Domain.Registrations;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>Recomputes <c>registrations.email_normalised</c> of rows stored before the canonical e-mail form
/// (<see cref="EmailAddress"/>) existed, at start-up after the migrations. Chunks of <see cref="ChunkSize"/> rows in
/// id order, each under the write lock (BEGIN IMMEDIATE), so a second process starting at the same time or a
/// restart mid-way just recomputes the same values (idempotent); the task is marked done with the last chunk.
/// Two active registrations of one meeting that turn out to be one mailbox cannot both take the canonical form
/// (the unique index): the later keeps its old key, and the log names both registration ids for the organiser.</summary>
public static class EmailCanonicalBackfill
{
    public const string TaskName = "email_canonical_v1";
    public const int ChunkSize = 500;

    private const string PendingSql = "SELECT EXISTS (SELECT 1 FROM maintenance_tasks WHERE name = @Name AND done_at IS NULL)";

    private const string ChunkSql = """
        SELECT id, meeting_id AS MeetingId, email, email_normalised AS EmailNormalised, status
        FROM registrations
        WHERE (@After IS NULL OR id > @After)
        ORDER BY id
        LIMIT @Limit
        """;

    private const string ClashSql = """
        SELECT id FROM registrations
        WHERE meeting_id = @MeetingId AND email_normalised = @Canonical AND status <> 'cancelled' AND id <> @Id
        LIMIT 1
        """;

    private const string UpdateSql = "UPDATE registrations SET email_normalised = @Canonical WHERE id = @Id";

    private const string DoneSql = "UPDATE maintenance_tasks SET done_at = @Now WHERE name = @Name";

    /// <summary>Runs the back-fill if it is not done yet; returns the number of rows whose key changed.</summary>
    public static async Task<int> RunAsync(Database db, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        if (!await db.ReadAsync(c => c.ExecuteScalarAsync<bool>(new CommandDefinition(PendingSql, new { Name = TaskName }, cancellationToken: ct)), ct))
        {
            return 0;
        }

        var changed = 0;
        string? after = null;
        while (true)
        {
            var (last, count, done) = await db.WriteAsync(async (c, tx) =>
            {
                var rows = (await c.QueryAsync<Row>(new CommandDefinition(ChunkSql, new { After = after, Limit = ChunkSize }, tx, cancellationToken: ct))).ToList();
                var updated = 0;
                foreach (var row in rows)
                {
                    updated += await RecomputeAsync(c, tx, row, logger, ct) ? 1 : 0;
                }

                var finished = rows.Count < ChunkSize;
                if (finished)
                {
                    await c.ExecuteAsync(new CommandDefinition(DoneSql, new { Name = TaskName, Now = time.GetUtcNow().ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
                }

                return (rows.Count > 0 ? rows[^1].Id : after, updated, finished);
            }, ct);
            changed += count;
            after = last;
            if (done)
            {
                break;
            }
        }

        if (changed > 0)
        {
            logger.LogInformation("Canonical e-mail form applied to {Count} stored registrations.", changed);
        }

        return changed;
    }

    private static async Task<bool> RecomputeAsync(DbConnection c, DbTransaction tx, Row row, ILogger logger, CancellationToken ct)
    {
        var canonical = EmailAddress.Canonicalise(row.Email);
        if (canonical == row.EmailNormalised)
        {
            return false;
        }

        if (row.Status != "cancelled")
        {
            var clash = await c.ExecuteScalarAsync<string?>(new CommandDefinition(ClashSql, new { row.MeetingId, Canonical = canonical, row.Id }, tx, cancellationToken: ct));
            if (clash is not null)
            {
                // Never cancel someone's registration behind their back: an organiser decides which one stays.
                logger.LogWarning("Registrations {Id} and {Other} of meeting {MeetingId} are one mailbox in canonical form; {Id} keeps its old key until one is cancelled.",
                    row.Id, clash, row.MeetingId, row.Id);
                return false;
            }
        }

        await c.ExecuteAsync(new CommandDefinition(UpdateSql, new { Canonical = canonical, row.Id }, tx, cancellationToken: ct));
        return true;
    }

    private sealed record Row(string Id, string MeetingId, string Email, string EmailNormalised, string Status);
}

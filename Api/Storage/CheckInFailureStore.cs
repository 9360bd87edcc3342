using Dapper;
using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Api.Storage;

/// <summary>A key's budget of wrong check-in codes: <paramref name="Budget"/> failures per <paramref name="Window"/>.</summary>
public sealed record CheckInFailureBudget(int Budget, TimeSpan Window);

/// <summary>Counts wrong check-in codes per API key in the database (shared by every process), and records a
/// <c>check_in.failures_exceeded</c> change (change feed, webhooks) the first time a key spends its budget in a window.</summary>
public sealed class CheckInFailureStore(Database db, TimeProvider time, CheckInFailureBudget budget)
{
    public const string ExceededEvent = "check_in.failures_exceeded";

    private const string StateSql = "SELECT window_start AS WindowStart, failures, reported FROM check_in_failures WHERE key_id = @KeyId";

    // Portable upsert: a window that has ended starts again at this failure. Every SET sees the old row.
    private const string RecordSql = """
        INSERT INTO check_in_failures (key_id, window_start, failures, reported) VALUES (@KeyId, @Now, 1, 0)
        ON CONFLICT (key_id) DO UPDATE SET
            failures = CASE WHEN check_in_failures.window_start <= @WindowFloor THEN 1 ELSE check_in_failures.failures + 1 END,
            reported = CASE WHEN check_in_failures.window_start <= @WindowFloor THEN 0 ELSE check_in_failures.reported END,
            window_start = CASE WHEN check_in_failures.window_start <= @WindowFloor THEN @Now ELSE check_in_failures.window_start END
        RETURNING window_start AS WindowStart, failures, reported
        """;

    private const string MarkReportedSql = "UPDATE check_in_failures SET reported = 1 WHERE key_id = @KeyId";

    private const string KeyNameSql = "SELECT name FROM api_keys WHERE id = @KeyId";

    /// <summary>How long <paramref name="keyId"/> must wait before its next check-in, or null while it has budget left.</summary>
    public async Task<TimeSpan?> BlockedForAsync(string keyId, CancellationToken ct)
    {
        var state = await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<State>(new CommandDefinition(StateSql, new { KeyId = keyId }, cancellationToken: ct)), ct);
        return state is null ? null : BlockedFor(state.WindowStart, state.Failures, Instants.ToMs(time.GetUtcNow()));
    }

    /// <summary>Counts one wrong code of <paramref name="keyId"/> at <paramref name="meetingId"/>; the failure that spends the
    /// budget also records the change event, in the same transaction. Returns how long the key is now blocked, if it is.</summary>
    public Task<TimeSpan?> RecordFailureAsync(string keyId, Guid meetingId, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var now = time.GetUtcNow();
            var nowMs = Instants.ToMs(now);
            var state = await c.QuerySingleAsync<State>(new CommandDefinition(RecordSql,
                new { KeyId = keyId, Now = nowMs, WindowFloor = nowMs - (long)budget.Window.TotalMilliseconds }, tx, cancellationToken: ct));
            var blocked = BlockedFor(state.WindowStart, state.Failures, nowMs);
            if (blocked is not null && state.Reported == 0)
            {
                await c.ExecuteAsync(new CommandDefinition(MarkReportedSql, new { KeyId = keyId }, tx, cancellationToken: ct));
                var name = await c.ExecuteScalarAsync<string?>(new CommandDefinition(KeyNameSql, new { KeyId = keyId }, tx, cancellationToken: ct));
                var windowStart = DateTimeOffset.FromUnixTimeMilliseconds(state.WindowStart);
                // Entity check_in is attendee data in the change scope: only unscoped readers (organisers, their
                // webhooks) see it, never an integration key.
                await ChangeLog.RecordAsync(c, tx, new Change("check_in", keyId, ExceededEvent, 1, meetingId.ToString(), null, new
                {
                    keyId,
                    keyName = name,
                    meetingId,
                    failures = state.Failures,
                    windowStartedAt = windowStart,
                    blockedUntil = windowStart + budget.Window,
                }), now, ct);
            }

            return blocked;
        }, ct);

    private TimeSpan? BlockedFor(long windowStart, long failures, long nowMs)
    {
        var windowEnd = windowStart + (long)budget.Window.TotalMilliseconds;
        return failures >= budget.Budget && windowEnd > nowMs ? TimeSpan.FromMilliseconds(windowEnd - nowMs) : null;
    }

    private sealed record State(long WindowStart, long Failures, long Reported);
}

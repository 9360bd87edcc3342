using System.Data.Common;
using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>What an online viewer's link and page append to the ledger: a join or a heartbeat.</summary>
public sealed record OnlineEvidence(Guid MeetingId, Guid RegistrationId, bool IsJoin, DateTimeOffset At);

/// <summary>Appends joins and heartbeats through one <see cref="BatchedWriter{TItem}"/>: 10,000 viewers
/// beating once a minute are about 170 appends a second; lingering <see cref="Linger"/> after the first of a
/// batch commits them some 30 per transaction (about five fsyncs a second) at the cost of that much latency.</summary>
public sealed class AttendanceWriter : BackgroundService
{
    private const string HeartbeatSql = """
        INSERT INTO attendance_heartbeats (registration_id, at, meeting_id) VALUES (@RegistrationId, @At, @MeetingId)
        ON CONFLICT (registration_id, at) DO NOTHING
        """;

    private const string JoinSql = """
        INSERT INTO attendance_evidence (id, meeting_id, registration_id, kind, slot_id, occurred_at, minutes, reason, method, recorded_by)
        VALUES (@Id, @MeetingId, @RegistrationId, 'join', NULL, @At, NULL, NULL, 'join_link', NULL)
        """;

    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);

    private readonly BatchedWriter<OnlineEvidence> _writer;

    public AttendanceWriter(Database db, TimeProvider time, ILogger<AttendanceWriter> logger) =>
        _writer = new BatchedWriter<OnlineEvidence>(db, "heartbeats", WriteAsync, logger, time, Linger);

    /// <summary>Completes once the entry is durable.</summary>
    public Task AppendAsync(OnlineEvidence evidence) => _writer.SubmitAsync(evidence);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _writer.RunAsync(stoppingToken);

    private static async Task WriteAsync(DbConnection c, DbTransaction tx, IReadOnlyList<OnlineEvidence> items, CancellationToken ct)
    {
        // One prepared command per kind, parameters rebound per row: far cheaper than a Dapper call per row.
        await using var beat = c.CreateCommand();
        beat.Transaction = tx;
        beat.CommandText = HeartbeatSql;
        var registration = Parameter(beat, "@RegistrationId");
        var at = Parameter(beat, "@At");
        var meeting = Parameter(beat, "@MeetingId");
        foreach (var item in items)
        {
            if (item.IsJoin)
            {
                await c.ExecuteAsync(new CommandDefinition(JoinSql, new
                {
                    // Time-ordered like every other id, so appends stay at the right-hand edge of the primary key.
                    Id = Guid.CreateVersion7(item.At).ToString(),
                    MeetingId = item.MeetingId.ToString(),
                    RegistrationId = item.RegistrationId.ToString(),
                    At = item.At.ToUnixTimeMilliseconds(),
                }, tx, cancellationToken: ct));
                continue;
            }

            registration.Value = item.RegistrationId.ToString();
            at.Value = item.At.ToUnixTimeMilliseconds();
            meeting.Value = item.MeetingId.ToString();
            await beat.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        command.Parameters.Add(p);
        return p;
    }
}

using System.Data.Common;
using Dapper;

namespace EventScheduler.Api.Storage;

/// <summary>What a message is about; stored as text in <c>email_outbox.kind</c>.</summary>
public static class MessageKinds
{
    public const string Confirmed = "registration_confirmed";
    public const string Waitlisted = "registration_waitlisted";
    public const string Promoted = "registration_promoted";
    public const string ModeSwitched = "registration_mode_switched";
    public const string CancelledByAttendee = "registration_cancelled";
    public const string CancelledByOrganiser = "registration_cancelled_by_organiser";
    public const string MeetingCancelled = "meeting_cancelled";
    public const string MeetingMoved = "meeting_moved";
    public const string Reminder = "meeting_reminder";
    public const string ManageLink = "manage_link";
    public const string CertificateReady = "certificate_ready";

    public static readonly IReadOnlyList<string> All =
        [Confirmed, Waitlisted, Promoted, ModeSwitched, CancelledByAttendee, CancelledByOrganiser, MeetingCancelled, MeetingMoved, Reminder, ManageLink,
            CertificateReady];
}

/// <summary>One message to record: <paramref name="DueAt"/> is when it may first be sent; <paramref name="TraceParent"/> the
/// W3C traceparent its delivery continues (null: the current activity's, see <see cref="EmailOutbox.EnqueueAsync(DbConnection, DbTransaction, IReadOnlyList{OutboxMessage}, long, CancellationToken)"/>).</summary>
public readonly record struct OutboxMessage(string Kind, Guid RegistrationId, Guid MeetingId, long DueAt, string? Payload = null, string? DedupeKey = null,
    string? TraceParent = null);

/// <summary>Records messages on the caller's connection and transaction, so a message exists if and only if
/// the change that causes it commits. Sending is the mail worker's job (<see cref="EmailOutboxStore"/>).</summary>
public static class EmailOutbox
{
    private const string InsertHead =
        "INSERT INTO email_outbox (kind, registration_id, meeting_id, payload, dedupe_key, created_at, not_before, due_at, trace_parent) VALUES ";

    // A reminder exists once per registration and start time, whoever enqueues it first (the reminder
    // scheduler or a late sign-up): the unique dedupe key decides, without a read first.
    private const string OnConflict = " ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING";

    // SQLite allows 32,766 parameters per statement; 8 per row (9 with the traceparent; one multi-row statement per 500 either way).
    private const int MaxRowsPerStatement = 500;

    private const string ForMeetingSql = """
        INSERT INTO email_outbox (kind, registration_id, meeting_id, payload, created_at, not_before, due_at, trace_parent)
        SELECT @Kind, r.id, r.meeting_id, @Payload, @Now, @Now, @Now, @TraceParent
        FROM registrations r
        WHERE r.meeting_id = @MeetingId AND r.status IN (SELECT value FROM json_each(@Statuses))
        """;

    /// <summary>The dedupe key of a registration's reminder for a meeting starting at <paramref name="startsAt"/> (Unix ms).</summary>
    public static string ReminderKey(Guid registrationId, long startsAt) => $"reminder:{registrationId}:{startsAt}";

    public static Task EnqueueAsync(DbConnection c, DbTransaction tx, OutboxMessage message, long now, CancellationToken ct) =>
        EnqueueAsync(c, tx, [message], now, ct);

    /// <summary>Multi-row inserts: a batch of commands costs one statement per 500 messages, not one per message. A message
    /// without a traceparent of its own takes the current activity's (the request or writer batch recording it).</summary>
    public static async Task EnqueueAsync(DbConnection c, DbTransaction tx, IReadOnlyList<OutboxMessage> messages, long now, CancellationToken ct)
    {
        var current = Observability.TraceParents.Current();
        for (var start = 0; start < messages.Count; start += MaxRowsPerStatement)
        {
            var count = Math.Min(MaxRowsPerStatement, messages.Count - start);
            await using var command = c.CreateCommand();
            command.Transaction = tx;
            var sql = new System.Text.StringBuilder(InsertHead.Length + (count * 64));
            sql.Append(InsertHead);
            for (var i = 0; i < count; i++)
            {
                var m = messages[start + i];
                sql.Append(i == 0 ? "(" : ",(");
                sql.Append($"@k{i},@r{i},@m{i},@p{i},@d{i},@n{i},@b{i},@b{i},@t{i})");
                Add(command, $"k{i}", m.Kind);
                Add(command, $"r{i}", m.RegistrationId.ToString());
                Add(command, $"m{i}", m.MeetingId.ToString());
                Add(command, $"p{i}", m.Payload);
                Add(command, $"d{i}", m.DedupeKey);
                Add(command, $"n{i}", now);
                Add(command, $"b{i}", m.DueAt);
                Add(command, $"t{i}", m.TraceParent ?? current);
            }

            sql.Append(OnConflict);
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private const string InsertOneSql = InsertHead + "(@Kind, @RegistrationId, @MeetingId, @Payload, @DedupeKey, @Now, @DueAt, @DueAt, @TraceParent)" + OnConflict;

    private static readonly string[] InsertOneNames = ["Kind", "RegistrationId", "MeetingId", "Payload", "DedupeKey", "Now", "DueAt", "TraceParent"];

    /// <summary>As <see cref="EnqueueAsync(DbConnection, DbTransaction, IReadOnlyList{OutboxMessage}, long, CancellationToken)"/>, on a
    /// writer batch: on SQLite one prepared single-row insert run per message (a multi-row statement with named
    /// parameters costs more per row the more rows it has), on a server the multi-row statements (one round trip each).</summary>
    public static async Task EnqueueAsync(BatchStatements statements, IReadOnlyList<OutboxMessage> messages, long now, CancellationToken ct)
    {
        if (!statements.RowAtATimeIsCheap)
        {
            await EnqueueAsync(statements.Connection, statements.Transaction, messages, now, ct);
            return;
        }

        var current = Observability.TraceParents.Current();
        var insert = statements.Get(InsertOneSql, InsertOneNames);
        foreach (var m in messages)
        {
            insert.BindAll(m.Kind, m.RegistrationId.ToString(), m.MeetingId.ToString(), m.Payload, m.DedupeKey, now, m.DueAt, m.TraceParent ?? current);
            await insert.ExecuteAsync(ct);
        }
    }

    /// <summary>One message of <paramref name="kind"/> to every registration of the meeting whose status is one of
    /// <paramref name="statuses"/> (e.g. every active registrant of a meeting that moved), in one statement.</summary>
    public static Task<int> EnqueueForMeetingAsync(DbConnection c, DbTransaction tx, Guid meetingId, string kind, IReadOnlyList<string> statuses,
        string? payload, long now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(ForMeetingSql, new { Kind = kind, MeetingId = meetingId.ToString(), Statuses = SqlList.Json(statuses), Payload = payload, Now = now, TraceParent = Observability.TraceParents.Current() },
            tx, cancellationToken: ct));

    private static void Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}

using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using EventScheduler.Api.Infrastructure;

namespace EventScheduler.Api.Storage;

/// <summary>One committed change: what the change feed lists and webhooks deliver.</summary>
/// <param name="Entity">meeting, hospital, faculty, slot, registration, ...</param>
/// <param name="Type">Event type, e.g. meeting.published, registration.created.</param>
/// <param name="HospitalId">For attendee data: the hospital it belongs to, so scoped keys see only their own.</param>
/// <param name="Payload">Snapshot after the change, holding nothing a subscriber of this event may not see.</param>
public sealed record Change(string Entity, string EntityId, string Type, int Version, string? MeetingId, string? HospitalId, object Payload);

public static class ChangeLog
{
    private const string InsertSql = """
        INSERT INTO changes (occurred_at, entity, entity_id, type, version, meeting_id, hospital_id, payload, trace_parent)
        VALUES (@OccurredAt, @Entity, @EntityId, @Type, @Version, @MeetingId, @HospitalId, @Payload, @TraceParent)
        """;

    /// <summary>Appends the change on the caller's transaction: it commits or rolls back with the write it reports.
    /// A type that is not one of <see cref="ChangeTypes"/> is a programming error (no subscriber could ask for it),
    /// so it fails the write instead of being recorded.</summary>
    public static Task RecordAsync(DbConnection c, DbTransaction tx, Change change, DateTimeOffset now, CancellationToken ct)
    {
        EnsureKnown(change.Type);

        return c.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            OccurredAt = Instants.ToMs(now),
            change.Entity,
            change.EntityId,
            change.Type,
            change.Version,
            change.MeetingId,
            change.HospitalId,
            Payload = JsonSerializer.Serialize(change.Payload, JsonConfig.Options),
            // The outbox row carries the trace on to its delivery (see 0011_operations.sql).
            TraceParent = System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } activity ? activity.Id : null,
        }, tx, cancellationToken: ct));
    }

    private static readonly string[] InsertNames = ["OccurredAt", "Entity", "EntityId", "Type", "Version", "MeetingId", "HospitalId", "Payload", "TraceParent"];

    // Rows per multi-row INSERT: 9 parameters each, far below any provider's parameter limit.
    private const int RowsPerStatement = 100;

    private const string ManyPrefix = "INSERT INTO changes (occurred_at, entity, entity_id, type, version, meeting_id, hospital_id, payload, trace_parent) VALUES ";

    /// <summary>Appends many changes in list order (so their sequence numbers keep that order) on the batch's
    /// transaction: on SQLite one prepared single-row INSERT run per change (in the process, a run costs a bind and a
    /// step, where a multi-row statement with named parameters cost more the more rows it had); on a server one
    /// multi-row INSERT per <see cref="RowsPerStatement"/> rows, one round trip each.</summary>
    public static async Task RecordManyAsync(BatchStatements statements, IReadOnlyList<(Change Change, DateTimeOffset At)> changes, CancellationToken ct)
    {
        foreach (var (change, _) in changes)
        {
            EnsureKnown(change.Type);
        }

        // The outbox rows carry the batch's trace on to their deliveries (see 0011_operations.sql).
        var traceParent = System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } activity ? activity.Id : null;
        if (statements.RowAtATimeIsCheap)
        {
            var insert = statements.Get(InsertSql, InsertNames);
            foreach (var (change, at) in changes)
            {
                insert.BindAll(Instants.ToMs(at), change.Entity, change.EntityId, change.Type, change.Version, change.MeetingId, change.HospitalId,
                    JsonSerializer.Serialize(change.Payload, JsonConfig.Options), traceParent);
                await insert.ExecuteAsync(ct);
            }

            return;
        }

        for (var start = 0; start < changes.Count; start += RowsPerStatement)
        {
            var rows = Math.Min(RowsPerStatement, changes.Count - start);
            await using var command = statements.Connection.CreateCommand();
            command.Transaction = statements.Transaction;
            var sql = new StringBuilder(ManyPrefix.Length + rows * 64).Append(ManyPrefix);
            for (var i = 0; i < rows; i++)
            {
                var (change, at) = changes[start + i];
                sql.Append(i == 0 ? "(" : ", (");
                Add(command, sql, i, 0, Instants.ToMs(at));
                Add(command, sql, i, 1, change.Entity);
                Add(command, sql, i, 2, change.EntityId);
                Add(command, sql, i, 3, change.Type);
                Add(command, sql, i, 4, change.Version);
                Add(command, sql, i, 5, change.MeetingId);
                Add(command, sql, i, 6, change.HospitalId);
                Add(command, sql, i, 7, JsonSerializer.Serialize(change.Payload, JsonConfig.Options));
                Add(command, sql, i, 8, traceParent);
                sql.Append(')');
            }

            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static void Add(DbCommand command, StringBuilder sql, int row, int column, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = $"@p{row}_{column}";
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        sql.Append(column == 0 ? "" : ", ").Append(parameter.ParameterName);
    }

    private static void EnsureKnown(string type)
    {
        if (!ChangeTypes.IsKnown(type))
        {
            throw new InvalidOperationException($"'{type}' is not an event type; add it to {nameof(ChangeTypes)}.");
        }
    }
}

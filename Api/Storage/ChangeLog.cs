using System.Text.Json;
using Dapper;
using EventScheduler.Api.Infrastructure;
using Microsoft.Data.Sqlite;

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
        INSERT INTO changes (occurred_at, entity, entity_id, type, version, meeting_id, hospital_id, payload)
        VALUES (@OccurredAt, @Entity, @EntityId, @Type, @Version, @MeetingId, @HospitalId, @Payload)
        """;

    /// <summary>Appends the change on the caller's transaction: it commits or rolls back with the write it reports.
    /// A type that is not one of <see cref="ChangeTypes"/> is a programming error (no subscriber could ask for it),
    /// so it fails the write instead of being recorded.</summary>
    public static Task RecordAsync(SqliteConnection c, SqliteTransaction tx, Change change, DateTimeOffset now, CancellationToken ct)
    {
        if (!ChangeTypes.IsKnown(change.Type))
        {
            throw new InvalidOperationException($"'{change.Type}' is not an event type; add it to {nameof(ChangeTypes)}.");
        }

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
        }, tx, cancellationToken: ct));
    }
}

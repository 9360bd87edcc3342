using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Reads of the database file behind the service, for what no endpoint shows: the copies of a registration's
/// data that an erasure must reach (stored Idempotency-Key responses, mail outbox rows, change-log snapshots).</summary>
internal static class ErasureStorage
{
    public static async Task<long> CountAsync(string databasePath, string sql, params (string Name, object Value)[] args)
    {
        await using var db = new SqliteConnection($"Data Source={databasePath}");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task<List<(string Type, string Payload)>> ChangesAsync(string databasePath, Guid registrationId)
    {
        await using var db = new SqliteConnection($"Data Source={databasePath}");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT type, payload FROM changes WHERE entity = 'registration' AND entity_id = $id ORDER BY seq";
        cmd.Parameters.AddWithValue("$id", registrationId.ToString());
        var rows = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    public static Task<long> StoredResponsesAsync(string databasePath, Guid registrationId) =>
        CountAsync(databasePath, "SELECT COUNT(*) FROM idempotency_keys WHERE location = $l", ("$l", $"/registrations/{registrationId}"));

    /// <summary>Outbox rows of the registration that could still be sent or that hold text (payload, error).</summary>
    public static Task<long> LiveMailAsync(string databasePath, Guid registrationId) =>
        CountAsync(databasePath, "SELECT COUNT(*) FROM email_outbox WHERE registration_id = $id AND (state IN ('pending', 'failed') OR payload IS NOT NULL OR last_error LIKE '%@%')",
            ("$id", registrationId.ToString()));

    public static Task<long> MailAsync(string databasePath, Guid registrationId) =>
        CountAsync(databasePath, "SELECT COUNT(*) FROM email_outbox WHERE registration_id = $id", ("$id", registrationId.ToString()));
}

using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Registrations;

/// <summary>Reads of the database behind the service (either provider, through the application's own
/// <see cref="Database"/>), for what no endpoint shows: the copies of a registration's data that an erasure must reach
/// (stored Idempotency-Key responses, mail outbox rows, change-log snapshots). SQL uses Dapper's <c>@name</c>
/// parameters, which both providers accept.</summary>
internal static class ErasureStorage
{
    public static Task<long> CountAsync(ApiFactory factory, string sql, object? parameters = null) =>
        factory.Services.GetRequiredService<Database>().ReadAsync(c => c.ExecuteScalarAsync<long>(sql, parameters), CancellationToken.None);

    public static Task<List<(string Type, string Payload)>> ChangesAsync(ApiFactory factory, Guid registrationId) =>
        factory.Services.GetRequiredService<Database>().ReadAsync(async c =>
            (await c.QueryAsync<(string, string)>(
                "SELECT type, payload FROM changes WHERE entity = 'registration' AND entity_id = @id ORDER BY seq",
                new { id = registrationId.ToString() })).ToList(), CancellationToken.None);

    public static Task<long> StoredResponsesAsync(ApiFactory factory, Guid registrationId) =>
        CountAsync(factory, "SELECT COUNT(*) FROM idempotency_keys WHERE location = @l", new { l = $"/registrations/{registrationId}" });

    /// <summary>Outbox rows of the registration that could still be sent or that hold text (payload, error).</summary>
    public static Task<long> LiveMailAsync(ApiFactory factory, Guid registrationId) =>
        CountAsync(factory,
            "SELECT COUNT(*) FROM email_outbox WHERE registration_id = @id AND (state IN ('pending', 'failed') OR payload IS NOT NULL OR last_error LIKE '%@%')",
            new { id = registrationId.ToString() });

    public static Task<long> MailAsync(ApiFactory factory, Guid registrationId) =>
        CountAsync(factory, "SELECT COUNT(*) FROM email_outbox WHERE registration_id = @id", new { id = registrationId.ToString() });
}

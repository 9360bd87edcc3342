using EventScheduler.Api.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace EventScheduler.Api.Infrastructure.DataProtection;

/// <summary>Creates the first key of an empty key ring at start-up, under the database's write lock. Without it,
/// two processes starting together on a new database would each create a key of their own and, until their next
/// key ring refresh, not open each other's links. Later keys are made by Data Protection itself before the
/// current one expires, with an activation delay that lets every instance load them first.</summary>
public static class KeyRingBootstrap
{
    public static Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<Database>();
        var keys = services.GetRequiredService<IKeyManager>();
        return db.WriteAsync((c, tx) =>
        {
            if (DatabaseXmlRepository.Count(c, tx) > 0)
            {
                return Task.FromResult(false);
            }

            using (DatabaseXmlRepository.Use(c, tx))
            {
                // Data Protection checks key dates against the system clock, not the app's (test) TimeProvider.
                var now = TimeProvider.System.GetUtcNow();
                keys.CreateNewKey(now, now.AddDays(90));
            }

            return Task.FromResult(true);
        }, ct);
    }
}

using EventScheduler.Api.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Infrastructure.DataProtection;

public static class DataProtectionSetup
{
    /// <summary>The application name isolates this product's payloads from other apps sharing a key ring; it must
    /// be the same on every instance (Data Protection otherwise derives it from the content root path).</summary>
    public const string ApplicationName = "EventScheduler";

    /// <summary>ASP.NET Core Data Protection with its key ring in the database. Manage links in mails use it, and so
    /// can anything else that needs tamper-proof, expiring tokens (anti-forgery).</summary>
    public static IServiceCollection AddDatabaseDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = sp.GetRequiredService<DatabaseXmlRepository>()));
        return services;
    }
}

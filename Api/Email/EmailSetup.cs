using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Email;

public static class EmailSetup
{
    /// <summary>The outbox worker, its transport (SMTP, or .eml files in a folder under the data directory when no
    /// Email:Smtp:Host is set) and the manage links mails carry.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        services.AddSingleton(sp => new EmailSettings(options, configuration[EmailSettings.PublicBaseUrlKey]));
        services.AddSingleton<MailSignal>();
        var mail = new RegistrationMail(options.Enabled, options.ReminderLeadTime);
        services.AddSingleton(mail);
        services.AddSingleton<EmailOutboxStore>();
        services.AddSingleton<RegistrationLinks>();
        services.AddSingleton<MailRenderer>();
        services.AddSingleton<ResendLinkLimiter>();
        services.AddSingleton<IMailTransport>(sp =>
        {
            if (!string.IsNullOrWhiteSpace(options.Smtp.Host))
            {
                return new SmtpMailTransport(options.Smtp);
            }

            // Beside the SQLite file; on PostgreSQL under the content root's data folder.
            var db = sp.GetRequiredService<Database>();
            var dataDirectory = db.IsPostgres
                ? Path.Combine(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, "data")
                : Path.GetDirectoryName(db.FullPath) ?? ".";
            var folder = Path.IsPathRooted(options.PickupDirectory) ? options.PickupDirectory : Path.Combine(dataDirectory, options.PickupDirectory);
            return new PickupFolderTransport(Path.GetFullPath(folder));
        });
        if (options.Enabled)
        {
            // Beside the change log: THE place registration events become side records.
            services.AddSingleton<IRegistrationEventRecorder>(mail);
            services.AddHostedService<MailWorker>();
        }

        return services;
    }
}

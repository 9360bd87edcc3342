namespace EventScheduler.Api.Storage;

public static class StorageSetup
{
    /// <summary>The database (from <c>Database:*</c>), one store per aggregate and the registration writer.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp =>
        {
            var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
            if (options.IsPostgres)
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is postgres but Database:ConnectionString is empty; set it (e.g. Database__ConnectionString=\"Host=...;Database=...;Username=...;Password=...\").");
                }

                return new Database(new PostgresDialect(options.ConnectionString, options.BusyTimeoutMs, sp.GetRequiredService<ILogger<Database>>()));
            }

            if (!string.Equals(options.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not known; use sqlite (the default) or postgres.");
            }

            var root = sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            var path = Path.IsPathRooted(options.Path) ? options.Path : Path.Combine(root, options.Path);
            return new Database(Path.GetFullPath(path), options.BusyTimeoutMs, sp.GetRequiredService<ILogger<Database>>(), options.MaxSizeMiB);
        });
        services.AddHostedService<DatabaseIdentityMonitor>();
        services.Configure<CoherenceOptions>(configuration.GetSection(CoherenceOptions.Section));
        services.AddHostedService<CommitWatch>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<HospitalStore>();
        services.AddSingleton<FacultyStore>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<ChangeStore>();
        services.AddSingleton<WebhookSubscriptionStore>();
        services.AddSingleton<WebhookDeliveryLog>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<SlotStore>();
        services.AddSingleton<LiveStatusStore>();
        services.AddSingleton<ProgrammeReader>();
        services.AddSingleton<DashboardReader>();
        services.AddSingleton<RegistrationStore>();
        services.AddSingleton(configuration.GetSection(RegistrationWriterOptions.Section).Get<RegistrationWriterOptions>() ?? new RegistrationWriterOptions());
        // The one place registration events become side records (see IRegistrationEventRecorder).
        services.AddSingleton<IRegistrationEventRecorder, ChangeLogRecorder>();
        services.AddSingleton<RegistrationWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistrationWriter>());
        services.AddSingleton<AccreditationStore>();
        services.AddSingleton<AttendanceStore>();
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<AttendanceWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AttendanceWriter>());
        return services;
    }
}

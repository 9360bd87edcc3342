namespace EventScheduler.Api.Storage;

public static class Stores
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<HospitalStore>();
        services.AddSingleton<FacultyStore>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<ChangeStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<SlotStore>();
        services.AddSingleton<RegistrationStore>();
        services.AddSingleton<RegistrationWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistrationWriter>());
        services.AddSingleton<AccreditationStore>();
        services.AddSingleton<AttendanceStore>();
        services.AddSingleton<AttendanceWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AttendanceWriter>());
        services.AddSingleton<Infrastructure.Idempotency>();
        services.AddHostedService<Infrastructure.IdempotencyJanitor>();
    }
}

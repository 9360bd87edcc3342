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
    }
}

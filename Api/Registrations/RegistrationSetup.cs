namespace EventScheduler.Api.Registrations;

public static class RegistrationSetup
{
    /// <summary>The in-process registration API that endpoints and pages call (sign-up, cancel, switch mode,
    /// check-in, read), the meeting changes that move seats, and the start-up recovery of meeting cancellations.</summary>
    public static IServiceCollection AddRegistrations(this IServiceCollection services)
    {
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<MeetingChanges>();
        services.AddHostedService<MeetingCancellationRecovery>();
        return services;
    }
}

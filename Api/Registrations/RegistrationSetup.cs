namespace EventScheduler.Api.Registrations;

public static class RegistrationSetup
{
    /// <summary>The in-process registration API that endpoints and pages call (sign-up, cancel, switch mode,
    /// check-in, read, erase), the meeting changes that move seats, the start-up recovery of meeting cancellations and the
    /// personal-data retention job.</summary>
    public static IServiceCollection AddRegistrations(this IServiceCollection services, IConfiguration configuration)
    {
        var privacy = configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        if (privacy.ContactDataRetention < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{PrivacyOptions.Section}:{nameof(PrivacyOptions.ContactDataRetention)} must not be negative.");
        }

        services.AddSingleton(privacy);
        // One instance: the hosted service, and what a test or tool calls for a sweep now.
        services.AddSingleton<ContactDataRetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ContactDataRetentionJob>());
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<MeetingChanges>();
        services.AddHostedService<MeetingCancellationRecovery>();
        return services;
    }
}

using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Registrations;

/// <summary><c>CheckIn:*</c>: how many wrong check-in codes one API key may send per window before it is slowed.</summary>
public sealed class CheckInSettings
{
    public const string Section = "CheckIn";

    /// <summary>Wrong codes per key and window; the next request of that key is answered 429 until the window ends.
    /// A door scanner misreads a few codes a day; a key guessing codes sends thousands a minute.</summary>
    public int FailureBudget { get; set; } = 20;

    /// <summary>Length of the window in seconds.</summary>
    public int FailureWindowSeconds { get; set; } = 600;

    public static IServiceCollection AddCheckInFailureBudget(IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<CheckInSettings>() ?? new CheckInSettings();
        if (settings.FailureBudget < 1 || settings.FailureWindowSeconds < 1)
        {
            throw new InvalidOperationException("CheckIn:FailureBudget and CheckIn:FailureWindowSeconds must be at least 1.");
        }

        services.AddSingleton(new CheckInFailureBudget(settings.FailureBudget, TimeSpan.FromSeconds(settings.FailureWindowSeconds)));
        services.AddSingleton<CheckInFailureStore>();
        return services;
    }
}

using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>The <c>Privacy</c> settings: how long attendees' personal data outlive their meeting.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>After a meeting ends, how long its registrations keep e-mail, phone and free text (then the retention
    /// job erases them; name and hospital too unless CME records need them). Default 365 days.</summary>
    public TimeSpan ContactDataRetention { get; set; } = PersonalDataPolicy.DefaultContactDataRetention;

    /// <summary>What a service started with <c>--seed-demo</c> uses when the retention is not configured: a hundred
    /// years, so the fictional 2021 demo meeting stays whole for the walkthrough.</summary>
    public static readonly TimeSpan DemoContactDataRetention = TimeSpan.FromDays(36_500);

    /// <summary>How often the retention job looks for meetings that became due (it also runs at start). Default one hour.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Registrations one transaction of the job erases (sign-ups wait for no more than one chunk).</summary>
    public int ChunkSize { get; set; } = 200;
}

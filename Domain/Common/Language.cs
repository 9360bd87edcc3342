namespace EventScheduler.Domain.Common;

/// <summary>The language attendees are written to in: Chinese (the default) or English.</summary>
public enum Language
{
    Zh,
    En,
}

namespace EventScheduler.Domain.Registrations;

/// <summary>Why a registration was cancelled: the API shows it, and messages to the attendee differ by it.</summary>
public enum CancellationReason
{
    /// <summary>The attendee cancelled with the manage token.</summary>
    Attendee,

    /// <summary>An organiser (or admin) cancelled it.</summary>
    Organiser,

    /// <summary>The hospital system (integration key) that acts for the attendee cancelled it.</summary>
    Integration,

    /// <summary>The meeting was cancelled, and with it every active registration.</summary>
    MeetingCancelled,
}

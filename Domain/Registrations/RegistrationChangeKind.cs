namespace EventScheduler.Domain.Registrations;

/// <summary>What happened to a registration. Each is one event for integrations (registration.created,
/// .promoted, .mode_switched, .cancelled, .checked_in) and, where the attendee is told, one message.</summary>
public enum RegistrationChangeKind
{
    SignedUp,
    Promoted,
    ModeSwitched,
    Cancelled,
    CheckedIn,
}

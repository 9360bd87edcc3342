using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>One thing that happened to a registration in a committed command, with what side records need:
/// the meeting as it was then and the instant. <see cref="IRegistrationEventRecorder"/>s turn these into rows.</summary>
public sealed record RegistrationEvent(RegistrationChange Change, Meeting Meeting, DateTimeOffset OccurredAt)
{
    public Registration Registration => Change.Registration;

    /// <summary>The change-feed and webhook event type.</summary>
    public string Type => TypeOf(Change.Kind);

    public static string TypeOf(RegistrationChangeKind kind) => kind switch
    {
        RegistrationChangeKind.SignedUp => "registration.created",
        RegistrationChangeKind.Promoted => "registration.promoted",
        RegistrationChangeKind.ModeSwitched => "registration.mode_switched",
        RegistrationChangeKind.Cancelled => "registration.cancelled",
        RegistrationChangeKind.CheckedIn => "registration.checked_in",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

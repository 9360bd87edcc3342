using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>One thing that happened to a registration in a committed command, with what side records need:
/// the meeting as it was then and the instant. <see cref="IRegistrationEventRecorder"/>s turn these into rows.</summary>
public sealed record RegistrationEvent(RegistrationChange Change, Meeting Meeting, DateTimeOffset OccurredAt)
{
    public Registration Registration => Change.Registration;

    /// <summary>The trace context of the request whose command caused it (default when untraced), so the messages it causes
    /// continue that request's trace even when the writer batch carried many requests.</summary>
    public System.Diagnostics.ActivityContext Origin { get; init; }

    /// <summary>The change-feed and webhook event type.</summary>
    public string Type => TypeOf(Change.Kind);

    public static string TypeOf(RegistrationChangeKind kind) => kind switch
    {
        RegistrationChangeKind.SignedUp => ChangeTypes.RegistrationCreated,
        RegistrationChangeKind.Promoted => ChangeTypes.RegistrationPromoted,
        RegistrationChangeKind.ModeSwitched => ChangeTypes.RegistrationModeSwitched,
        RegistrationChangeKind.Cancelled => ChangeTypes.RegistrationCancelled,
        RegistrationChangeKind.CheckedIn => ChangeTypes.RegistrationCheckedIn,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

namespace EventScheduler.Domain.Registrations;

/// <summary>One change the seat policy made: the registration as it is now, what happened, and what it was
/// before (<paramref name="Before"/> null: new). Storage saves the registration and records one event per change.</summary>
/// <param name="BeforeVersion">Its version before the change (0 for a new one): the row storage must find.</param>
public sealed record RegistrationChange(Registration Registration, RegistrationChangeKind Kind, RegistrationState? Before, int BeforeVersion)
{
    public bool IsNew => Before is null;
}

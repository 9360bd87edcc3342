namespace EventScheduler.Domain.Registrations;

public enum RegistrationStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,
}

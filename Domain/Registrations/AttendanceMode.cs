namespace EventScheduler.Domain.Registrations;

/// <summary>How an attendee takes part. Each mode has its own capacity and its own FIFO waiting list.</summary>
public enum AttendanceMode
{
    InPerson,
    Online,
}

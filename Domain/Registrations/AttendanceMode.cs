namespace EventScheduler.Domain.Registrations;

// How an attendee takes part. Each mode has its own capacity and its own FIFO waiting list.
public enum AttendanceMode
{
    InPerson,
    Online,
}

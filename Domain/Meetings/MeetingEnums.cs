namespace EventScheduler.Domain.Meetings;

public enum MeetingFormat
{
    Hybrid,
    InPerson,
    Online,
}

public enum MeetingStatus
{
    Draft,
    Published,
    Cancelled,
    Completed,
}

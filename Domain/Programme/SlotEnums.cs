namespace EventScheduler.Domain.Programme;

public enum SlotKind
{
    SurgeryDemo,
    Lecture,
    Discussion,
    Ceremony,
    Break,
}

public enum SurgicalApproach
{
    Laparoscopic,
    Robotic,
    Open,
}

public enum SurgeonRole
{
    Lead,
    Assistant,
}

/// <summary>Where a programme item stands on the day. Final states: completed, switched_to_recording, cancelled.</summary>
public enum LiveStatus
{
    Scheduled,
    Delayed,
    Live,
    Interrupted,
    Completed,
    SwitchedToRecording,
    Cancelled,
}

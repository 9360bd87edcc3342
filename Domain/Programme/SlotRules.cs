namespace EventScheduler.Domain.Programme;

/// <summary>Stable codes of the programme rules. Integrators branch on these strings: never rename one.</summary>
public static class SlotRules
{
    public const string EndBeforeStart = "slot_ends_before_start";
    public const string OutsideMeeting = "slot_outside_meeting";
    public const string Overlap = "slot_overlap";
    public const string FacultyDoubleBooked = "faculty_double_booked";
    public const string ConsentRequired = "consent_required";
    public const string ProgrammeFrozen = "programme_frozen";
    public const string MeetingNotPublished = "meeting_not_published";
    public const string InvalidLiveTransition = "invalid_live_transition";
    public const string ExpectedStartRequired = "expected_start_required";
    public const string ExpectedStartOutOfRange = "expected_start_out_of_range";
    public const string LeadSurgeonRequired = "lead_surgeon_required";
    public const string DuplicateOperatingSurgeon = "duplicate_operating_surgeon";
    public const string SurgeryFieldsNotApplicable = "surgery_fields_not_applicable";
    public const string AlreadyStarted = "slot_already_started";
    public const string SlotsOutsideMeeting = "slots_outside_meeting";
}

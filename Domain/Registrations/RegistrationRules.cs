namespace EventScheduler.Domain.Registrations;

/// <summary>Stable codes of the registration rules. Integrators branch on these strings: never rename one.</summary>
public static class RegistrationRules
{
    public const string AlreadyRegistered = "already_registered";
    public const string RegistrationClosed = "registration_closed";
    public const string MeetingNotOpen = "meeting_not_open";
    public const string ModeNotOffered = "mode_not_offered";
    public const string CapacityBelowConfirmed = "capacity_below_confirmed";
    public const string ModeInUse = "mode_in_use";
    public const string AlreadyCheckedIn = "already_checked_in";
    public const string NotConfirmed = "not_confirmed";
    public const string AlreadyInMode = "already_in_mode";
    public const string AlreadyWaitlisted = "already_waitlisted";
    public const string RegistrationCancelled = "registration_cancelled";
    public const string RegistrationActive = "registration_active";
    public const string EmailInvalid = "email_invalid";
    public const string EmailInvisibleCharacter = "email_invisible_character";
    public const string PhoneInvalid = "phone_invalid";
    public const string HospitalRequired = "hospital_required";
    public const string UnknownHospital = "unknown_hospital";
}

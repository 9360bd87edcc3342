using System.Reflection;

namespace EventScheduler.Api.Storage;

/// <summary>The one list of event types the change log records: the change feed's <c>type</c>, the webhook
/// subscription's vocabulary and its OpenAPI enums all derive from the constants below. To emit a new event,
/// add a constant here (and nothing else): <see cref="ChangeLog.RecordAsync"/> refuses any type that is not
/// one, and a test subscribes a webhook to each.</summary>
public static class ChangeTypes
{
    /// <summary>A draft was created (staff only: drafts are hidden from integrations).</summary>
    public const string MeetingCreated = "meeting.created";
    /// <summary>A meeting was edited (data: the public view after the edit).</summary>
    public const string MeetingUpdated = "meeting.updated";
    /// <summary>A draft was published: from here on integrations see the meeting; its slots follow as slot.published.</summary>
    public const string MeetingPublished = "meeting.published";
    /// <summary>A meeting was cancelled (its registrations follow as registration.cancelled).</summary>
    public const string MeetingCancelled = "meeting.cancelled";
    /// <summary>A meeting was marked completed.</summary>
    public const string MeetingCompleted = "meeting.completed";
    /// <summary>A draft was deleted (staff only).</summary>
    public const string MeetingDeleted = "meeting.deleted";

    /// <summary>A slot was added to the programme.</summary>
    public const string SlotCreated = "slot.created";
    /// <summary>A slot was edited or moved (also when moved with its meeting).</summary>
    public const string SlotUpdated = "slot.updated";
    /// <summary>A slot was removed from the programme.</summary>
    public const string SlotDeleted = "slot.deleted";
    /// <summary>A slot's live status changed (delayed, live, interrupted, completed, ...).</summary>
    public const string SlotStatusChanged = "slot.status_changed";

    /// <summary>A slot as it stands when its meeting is published: one per slot, in programme order, right after
    /// meeting.published and in its commit, so those who could not see the draft receive the programme (treat it
    /// like slot.created).</summary>
    public const string SlotPublished = "slot.published";

    /// <summary>Someone signed up (confirmed or waitlisted).</summary>
    public const string RegistrationCreated = "registration.created";
    /// <summary>A registration was cancelled (by the attendee, an organiser, or with its meeting).</summary>
    public const string RegistrationCancelled = "registration.cancelled";
    /// <summary>A waiting attendee got a place.</summary>
    public const string RegistrationPromoted = "registration.promoted";
    /// <summary>An in-person attendee was checked in at the door.</summary>
    public const string RegistrationCheckedIn = "registration.checked_in";
    /// <summary>An attendee switched between in person and online.</summary>
    public const string RegistrationModeSwitched = "registration.mode_switched";
    /// <summary>A registration's personal data were erased (on request, or after Privacy:ContactDataRetention): data holds
    /// only which, when, why and whether the name and hospital stayed for CME. Erase your copies of that attendee too.</summary>
    public const string RegistrationErased = "registration.erased";

    /// <summary>An e-mail to an attendee could not be delivered (given up after retries, or refused by the mail
    /// server); no address or content, only which message and why.</summary>
    public const string MessageFailed = "message.failed";

    /// <summary>A key spent its budget of wrong check-in codes for a meeting (<c>RateLimiting:CheckInMisses</c>): someone
    /// may be guessing codes through a desk's key. Once per budget window; the key's further tries get 429 until it ends.</summary>
    public const string CheckInGuessingSuspected = "check_in.guessing_suspected";

    /// <summary>A hospital was added.</summary>
    public const string HospitalCreated = "hospital.created";
    /// <summary>A hospital was edited.</summary>
    public const string HospitalUpdated = "hospital.updated";
    /// <summary>A hospital was deleted.</summary>
    public const string HospitalDeleted = "hospital.deleted";

    /// <summary>A faculty member was added.</summary>
    public const string FacultyCreated = "faculty.created";
    /// <summary>A faculty member was edited.</summary>
    public const string FacultyUpdated = "faculty.updated";
    /// <summary>A faculty member was deleted.</summary>
    public const string FacultyDeleted = "faculty.deleted";

    /// <summary>Every constant above, in declaration order.</summary>
    public static readonly IReadOnlyList<string> All = typeof(ChangeTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .OrderBy(f => f.MetadataToken)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static readonly HashSet<string> Set = new(All, StringComparer.Ordinal);

    /// <summary>The entities events are about ("meeting", "slot", ...), in the order they first appear.</summary>
    public static readonly IReadOnlyList<string> Entities = All.Select(EntityOf).Distinct(StringComparer.Ordinal).ToArray();

    public static bool IsKnown(string type) => Set.Contains(type);

    /// <summary>"meeting" for "meeting.published".</summary>
    public static string EntityOf(string type) => type[..type.IndexOf('.', StringComparison.Ordinal)];
}

using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Domain.Registrations;

/// <summary>The rules about a meeting that decide whether, and how, someone may register.</summary>
public static class Attendance
{
    /// <summary>Both modes, in the order seats are filled after a capacity change.</summary>
    public static readonly AttendanceMode[] Modes = [AttendanceMode.InPerson, AttendanceMode.Online];

    public static bool IsOffered(MeetingFormat format, AttendanceMode mode) => format switch
    {
        MeetingFormat.Hybrid => true,
        MeetingFormat.InPerson => mode == AttendanceMode.InPerson,
        MeetingFormat.Online => mode == AttendanceMode.Online,
        _ => false,
    };

    public static int? Capacity(MeetingDetails details, AttendanceMode mode) =>
        mode == AttendanceMode.InPerson ? details.InPersonCapacity : details.OnlineCapacity;

    /// <summary>Null capacity means unlimited.</summary>
    public static bool HasSeat(int? capacity, int confirmed) => capacity is null || confirmed < capacity;

    public static void EnsureModeOffered(Meeting meeting, AttendanceMode mode)
    {
        if (!IsOffered(meeting.Details.Format, mode))
        {
            var format = meeting.Details.Format == MeetingFormat.InPerson ? "in person only" : "online only";
            throw RuleViolation.Invalid(RegistrationRules.ModeNotOffered, $"This meeting is held {format}.", "mode");
        }
    }

    /// <summary>Sign-ups and mode switches need a published meeting inside its registration window.</summary>
    public static void EnsureOpen(Meeting meeting, DateTimeOffset now)
    {
        if (meeting.Status != MeetingStatus.Published)
        {
            throw RuleViolation.Conflict(RegistrationRules.MeetingNotOpen,
                $"The meeting is {meeting.Status.ToString().ToLowerInvariant()}; it does not take registrations.");
        }

        if (!meeting.IsRegistrationOpen(now))
        {
            var violation = RuleViolation.Conflict(RegistrationRules.RegistrationClosed, "Registration for this meeting is not open at this time.");
            // In the meeting's own time zone, like every other time the API returns about it.
            var zone = TimeZones.Find(meeting.Details.TimeZone);
            var opens = meeting.Details.RegistrationOpensAt ?? meeting.PublishedAt;
            violation.Extensions["registrationOpensAt"] = opens is { } o ? TimeZoneInfo.ConvertTime(o, zone) : null;
            violation.Extensions["registrationClosesAt"] = TimeZoneInfo.ConvertTime(meeting.Details.RegistrationClosesAt ?? meeting.Details.EndsAt, zone);
            throw violation;
        }
    }

    /// <summary>One active registration per e-mail address and meeting.</summary>
    public static void EnsureNotRegistered(bool emailTaken)
    {
        if (emailTaken)
        {
            // Deliberately vague: an anonymous caller learns nothing about the existing registration.
            throw RuleViolation.Conflict(RegistrationRules.AlreadyRegistered,
                "This e-mail address already has an active registration for this meeting. Use the manage link from that registration.");
        }
    }

    /// <summary>A format change may not drop a mode that still has confirmed or waiting registrations:
    /// they would be stranded with no seat to hold or wait for.</summary>
    public static void EnsureFormatKeepsRegistrations(MeetingFormat format, AttendanceMode mode, int registrations)
    {
        if (registrations > 0 && !IsOffered(format, mode))
        {
            var violation = new RuleViolation(RegistrationRules.ModeInUse,
                $"The meeting still has {registrations} {(mode == AttendanceMode.InPerson ? "in-person" : "online")} registrations; cancel them before dropping that mode.",
                ViolationKind.Conflict, "format");
            violation.Extensions["registrations"] = registrations;
            throw violation;
        }
    }

    /// <summary>A capacity may not drop below the seats already given away.</summary>
    public static void EnsureCapacityCovers(int? capacity, int confirmed, AttendanceMode mode)
    {
        if (capacity is { } c && c < confirmed)
        {
            var field = mode == AttendanceMode.InPerson ? "inPersonCapacity" : "onlineCapacity";
            var violation = new RuleViolation(RegistrationRules.CapacityBelowConfirmed,
                $"'{field}' cannot be lower than the {confirmed} confirmed registrations; cancel some first.", ViolationKind.Conflict, field);
            violation.Extensions["confirmed"] = confirmed;
            throw violation;
        }
    }
}

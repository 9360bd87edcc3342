using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Features.Cme;

/// <summary>A slot of the programme as the credit policy sees it.</summary>
public sealed class AttendanceSlot
{
    /// <summary>The slot.</summary>
    public required Guid Id { get; init; }

    /// <summary>Its title.</summary>
    public required string Title { get; init; }

    /// <summary>Whether its time counts for credits (its own setting, else the default of its kind).</summary>
    public required bool Accredited { get; init; }

    /// <summary>When it actually started (first went live), else its scheduled start; null if it was cancelled before going live.</summary>
    public required DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it actually ended, else as scheduled; null if it was not held.</summary>
    public required DateTimeOffset? EndedAt { get; init; }

    public static AttendanceSlot From(SlotWindowRow s, string timeZone) => new()
    {
        Id = Guid.Parse(s.Id),
        Title = s.Title,
        Accredited = s.IsAccredited,
        StartedAt = s.Window is { } w ? Instants.InZone(w.Start, timeZone) : null,
        EndedAt = s.Window is { } e ? Instants.InZone(e.End, timeZone) : null,
    };
}

/// <summary>Minutes present in one accredited slot.</summary>
public sealed class SlotMinutes
{
    /// <summary>The accredited slot.</summary>
    public required Guid SlotId { get; init; }

    /// <summary>Whole minutes present in its actual window, corrections applied.</summary>
    public required int Minutes { get; init; }

    /// <summary>Whole minutes the slot ran.</summary>
    public required int WindowMinutes { get; init; }
}

/// <summary>One registration's attendance and credits.</summary>
public sealed class AttendanceItem
{
    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The attendee's name.</summary>
    public required string FullName { get; init; }

    /// <summary>The attendee's hospital, when it is a member hospital.</summary>
    public required Guid? HospitalId { get; init; }

    /// <summary>The hospital's name.</summary>
    public required string? HospitalName { get; init; }

    /// <summary>in_person or online.</summary>
    public required AttendanceMode Mode { get; init; }

    /// <summary>The registration's status.</summary>
    public required RegistrationStatus Status { get; init; }

    /// <summary>Per accredited slot: minutes present.</summary>
    public required IReadOnlyList<SlotMinutes> Slots { get; init; }

    /// <summary>Whole minutes present in accredited time (parallel slots once).</summary>
    public required int AttendedMinutes { get; init; }

    /// <summary>Whole minutes of accredited time.</summary>
    public required int AccreditedMinutes { get; init; }

    /// <summary>Attended share of the accredited time, rounded down to one decimal.</summary>
    public required decimal Percent { get; init; }

    /// <summary>At or above the minimum attendance (null while the meeting has no accreditation).</summary>
    public required bool? Eligible { get; init; }

    /// <summary>Credits earned (null while the meeting has no accreditation).</summary>
    public required decimal? Credits { get; init; }

    /// <summary>The serial of the certificate issued, if any.</summary>
    public required string? CertificateSerial { get; init; }

    public static AttendanceItem From(AssessedAttendee a, bool accredited) => new()
    {
        RegistrationId = a.Attendee.RegistrationId,
        FullName = a.Attendee.FullName,
        HospitalId = a.Attendee.HospitalId is { } h ? Guid.Parse(h) : null,
        HospitalName = a.Attendee.HospitalName,
        Mode = EnumText.Parse<AttendanceMode>(a.Attendee.Mode),
        Status = EnumText.Parse<RegistrationStatus>(a.Attendee.Status),
        Slots = a.Assessment.Slots.Select(s => new SlotMinutes { SlotId = s.SlotId, Minutes = s.Minutes, WindowMinutes = s.WindowMinutes }).ToList(),
        AttendedMinutes = a.Assessment.WholeAttendedMinutes,
        AccreditedMinutes = (int)decimal.Floor(a.Assessment.AccreditedMinutes),
        Percent = a.Assessment.Percent,
        Eligible = accredited ? a.Assessment.Eligible : null,
        Credits = accredited ? a.Assessment.Credits : null,
        CertificateSerial = a.CertificateSerial,
    };
}

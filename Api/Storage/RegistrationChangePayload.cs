using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>The change-feed snapshot of a registration: no e-mail, phone, token or check-in code, since webhook
/// subscribers and scoped integration keys read it.</summary>
public sealed record RegistrationChangePayload(Guid Id, Guid MeetingId, string FullName, Guid? HospitalId, string? HospitalName, string JobTitle,
    string Specialty, AttendanceMode Mode, RegistrationStatus Status, AttendanceMode? RequestedMode, DateTimeOffset? CheckedInAt, int Version,
    CancellationReason? CancellationReason)
{
    public static RegistrationChangePayload From(Registration r) => new(r.Id, r.MeetingId, r.Attendee.FullName, r.Attendee.HospitalId,
        r.Attendee.HospitalName, r.Attendee.JobTitle, r.Attendee.Specialty, r.Mode, r.Status,
        r.HasPendingSwitch ? r.QueueMode : null, r.CheckedInAt, r.Version, r.CancellationReason);
}

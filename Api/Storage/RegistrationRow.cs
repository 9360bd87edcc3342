using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>A row of <c>registrations</c> as read (see <see cref="RegistrationStore.Columns"/>).</summary>
public sealed class RegistrationRow
{
    public string Id { get; init; } = "";
    public string MeetingId { get; init; } = "";
    public long Seq { get; init; }
    public string FullName { get; init; } = "";
    public string Email { get; init; } = "";
    public string? Phone { get; init; }
    public string? HospitalId { get; init; }
    public string? HospitalName { get; init; }
    public string JobTitle { get; init; } = "";
    public string Specialty { get; init; } = "";
    public string Mode { get; init; } = "";
    public string Status { get; init; } = "";
    public string? QueueMode { get; init; }
    public long? QueueSeq { get; init; }
    public string? CheckInCode { get; init; }
    public long? CheckedInAt { get; init; }
    public string ManageTokenHash { get; init; } = "";
    public string? CreatedByKeyId { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long Version { get; init; }
    public string? CancellationReason { get; init; }
    public string? Language { get; init; }
    public long? ErasedAt { get; init; }

    /// <summary>The personal data of this row were erased (its text columns are empty).</summary>
    public bool IsErased => ErasedAt is not null;

    public Registration ToDomain() => Registration.Restore(
        Guid.Parse(Id),
        Guid.Parse(MeetingId),
        Seq,
        Attendee.Restore(FullName, Email, Phone, HospitalId is null ? null : Guid.Parse(HospitalId), HospitalName, JobTitle, Specialty,
            Language is null ? null : EnumText.Parse<Domain.Common.Language>(Language)),
        EnumText.Parse<AttendanceMode>(Mode),
        EnumText.Parse<RegistrationStatus>(Status),
        QueueMode is null ? null : EnumText.Parse<AttendanceMode>(QueueMode),
        QueueSeq,
        CheckInCode,
        Instants.FromMs(CheckedInAt),
        CreatedByKeyId,
        Instants.FromMs(CreatedAt),
        Instants.FromMs(UpdatedAt),
        (int)Version,
        CancellationReason is null ? null : EnumText.Parse<CancellationReason>(CancellationReason),
        Instants.FromMs(ErasedAt));
}

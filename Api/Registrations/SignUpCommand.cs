using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>Registers <paramref name="Attendee"/>: confirmed while a seat of the mode is free, else at the end
/// of that mode's waiting list.</summary>
/// <param name="CallerIsStaff">Staff may register attendees for a meeting that is not published (it is
/// then refused as not open); for anyone else such a meeting does not exist.</param>
public sealed class SignUpCommand(Guid meetingId, Attendee attendee, AttendanceMode mode, string tokenHash, string? createdByKeyId, bool callerIsStaff)
    : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var (registration, seats, position) = await ledger.SignUpAsync(meetingId, attendee, mode, tokenHash, createdByKeyId, callerIsStaff, ct);
        return new RegistrationSnapshot(registration, seats.Meeting, position);
    }
}

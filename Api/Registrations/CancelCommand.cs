using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>Cancels a registration (or takes it off its waiting list); a freed seat goes to the first of that
/// mode's waiting list in the same transaction (<see cref="MeetingSeats.Cancel"/>).</summary>
public sealed class CancelCommand(Guid registrationId, RegistrationAccess access) : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var registration = await ledger.FindAsync(registrationId, access, ct);
        var seats = await ledger.SeatsAsync(registration.MeetingId, ct) ?? throw new NotFoundException("Registration");
        var decision = seats.Cancel(registration, ReasonOf(access), ledger.Now());
        await ledger.SaveAsync(seats, decision.Changes, ct);
        return new RegistrationSnapshot(decision.Subject, seats.Meeting, decision.WaitlistPosition);
    }

    private static CancellationReason ReasonOf(RegistrationAccess access) =>
        access.IsStaff ? CancellationReason.Organiser
        : access.ScopeKeyId is not null ? CancellationReason.Integration
        : CancellationReason.Attendee;
}

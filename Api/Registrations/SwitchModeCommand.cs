using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>Moves a registration towards <paramref name="target"/> (<see cref="MeetingSeats.SwitchMode"/>).</summary>
public sealed class SwitchModeCommand(Guid registrationId, AttendanceMode target, RegistrationAccess access) : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var registration = await ledger.FindAsync(registrationId, access, ct);
        var seats = await ledger.SeatsAsync(registration.MeetingId, ct) ?? throw new NotFoundException("Registration");
        var decision = seats.SwitchMode(registration, target, ledger.Now());
        await ledger.SaveAsync(seats, decision.Changes, ct);
        return new RegistrationSnapshot(decision.Subject, seats.Meeting, decision.WaitlistPosition);
    }
}

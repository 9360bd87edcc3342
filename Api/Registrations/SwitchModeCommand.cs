using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>Moves a registration towards <paramref name="target"/> (see <see cref="Registration.SwitchMode"/>).</summary>
public sealed class SwitchModeCommand(Guid registrationId, AttendanceMode target, RegistrationAccess access) : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var registration = await ledger.SwitchModeAsync(registrationId, target, access, ct);
        var seats = await ledger.SeatsAsync(registration.MeetingId, ct) ?? throw new NotFoundException("Registration");
        return new RegistrationSnapshot(registration, seats.Meeting, await ledger.PositionAsync(registration, ct));
    }
}

using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Registrations;

/// <summary>Cancels a registration (or takes it off its waiting list); a freed seat goes to the first of
/// that mode's waiting list in the same transaction.</summary>
public sealed class CancelCommand(Guid registrationId, RegistrationAccess access) : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var registration = await ledger.CancelAsync(registrationId, access, ct);
        var seats = await ledger.SeatsAsync(registration.MeetingId, ct) ?? throw new NotFoundException("Registration");
        return new RegistrationSnapshot(registration, seats.Meeting, null);
    }
}

using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>Erases one registration's personal data on request (<see cref="PersonalDataPolicy"/>): refused while it is
/// active for a meeting still ahead; the name and hospital stay while CME evidence or a certificate needs them.
/// Erasing again changes nothing and answers the same.</summary>
public sealed class EraseCommand(Guid registrationId, RegistrationAccess access) : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var registration = await ledger.FindAsync(registrationId, access, ct);
        var seats = await ledger.SeatsAsync(registration.MeetingId, ct) ?? throw new NotFoundException("Registration");
        var now = ledger.Now();
        if (registration.ErasedAt is null)
        {
            PersonalDataPolicy.EnsureErasable(registration, seats.Meeting, now);
        }

        var (evidence, certificate) = await ledger.CmeRecordsAsync(registration.Id, ct);
        var before = registration.Attendee;
        var beforeVersion = registration.Version;
        if (registration.Erase(PersonalDataPolicy.ScopeFor(evidence, certificate), now))
        {
            await ledger.SaveErasuresAsync([(registration, before, beforeVersion)], ErasureReasons.Request, ct);
        }

        return new RegistrationSnapshot(registration, seats.Meeting, null);
    }
}

using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Registrations;

/// <summary>Checks in the confirmed in-person attendee of <paramref name="meetingId"/> holding <paramref name="code"/>.</summary>
public sealed class CheckInCommand(Guid meetingId, string code) : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var (registration, meeting) = await ledger.CheckInAsync(meetingId, code, ct);
        return new RegistrationSnapshot(registration, meeting, null);
    }
}

using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Common;

namespace EventScheduler.Api.Registrations;

/// <summary>Checks in the confirmed in-person attendee of <paramref name="meetingId"/> holding <paramref name="code"/>.</summary>
public sealed class CheckInCommand(Guid meetingId, string code) : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var seats = await ledger.SeatsAsync(meetingId, ct) ?? throw new NotFoundException("Meeting");
        var registration = await ledger.FindByCodeAsync(meetingId, code, ct)
                           ?? throw new NotFoundException("Registration", "No registration of this meeting has this check-in code.");
        try
        {
            var decision = seats.CheckIn(registration, ledger.Now());
            await ledger.SaveAsync(seats, decision.Changes, ct);
            return new RegistrationSnapshot(decision.Subject, seats.Meeting, null);
        }
        catch (RuleViolation violation) when (violation.Extensions.TryGetValue("checkedInAt", out var at) && at is DateTimeOffset first)
        {
            // Like every time the API returns: in the meeting's own time zone.
            violation.Extensions["checkedInAt"] = Instants.InZone(first, seats.Meeting.Details.TimeZone);
            throw;
        }
    }
}

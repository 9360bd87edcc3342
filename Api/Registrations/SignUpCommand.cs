using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>Registers <paramref name="attendee"/>: confirmed while a seat of the mode is free, else at the end
/// of that mode's waiting list (<see cref="MeetingSeats.SignUp"/> decides).</summary>
/// <param name="tokenHash">Hash of the manage token the caller will be given.</param>
/// <param name="callerIsStaff">Staff may address a meeting that is not published (it is then refused as not
/// open); for anyone else such a meeting does not exist.</param>
public sealed class SignUpCommand(Guid meetingId, Attendee attendee, AttendanceMode mode, string tokenHash, string? createdByKeyId, bool callerIsStaff)
    : RegistrationCommand<RegistrationSnapshot>
{
    protected override async Task<RegistrationSnapshot> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var seats = await ledger.SeatsAsync(meetingId, ct);
        if (seats is null || (!callerIsStaff && seats.Meeting.PublishedAt is null))
        {
            throw new NotFoundException("Meeting");
        }

        var who = attendee.HospitalId is { } hospitalId ? attendee.OfHospital(await ledger.HospitalNameAsync(hospitalId, ct)) : attendee;
        var emailTaken = await ledger.EmailTakenAsync(meetingId, who.EmailNormalised, ct);
        var now = ledger.Now();
        // Time-ordered (v7) like every other id: a new registration's key lands at the right-hand edge of the primary key
        // and of the change log's entity index, so a batch dirties a few pages there instead of one random page per
        // sign-up in each (a random v4 id costs a page write per index per sign-up, and cache misses once a meeting is big).
        var decision = seats.SignUp(Guid.CreateVersion7(now), who, mode, emailTaken, createdByKeyId, now);
        await ledger.SaveAsync(seats, decision.Changes, ct, tokenHash);
        return new RegistrationSnapshot(decision.Subject, seats.Meeting, decision.WaitlistPosition);
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>The registration use cases, in process: what the HTTP endpoints and the attendee pages call.
/// Every change becomes a command for the one <see cref="RegistrationWriter"/>, which runs it against the
/// ledger in its batch transaction (the domain decides seats and waiting lists); each call returns once
/// the change is durable. Errors: <see cref="NotFoundException"/> (also for a registration the caller may
/// not see), <see cref="Domain.Common.RuleViolation"/> with a stable code, <see cref="StorageUnavailableException"/>.</summary>
public sealed class RegistrationService(RegistrationWriter writer, RegistrationStore store, MeetingStore meetings)
{
    /// <summary>Registers <paramref name="attendee"/> for a published meeting whose registration window is open.</summary>
    /// <param name="caller">Anonymous (the attendee), or the key registering someone (recorded as its creator).</param>
    /// <param name="recorder">The Idempotency-Key record to keep with the registration, if the request had a key.</param>
    public async Task<SignedUp> SignUpAsync(Guid meetingId, Attendee attendee, AttendanceMode mode, Caller caller,
        IdempotencyRecorder<SignedUp>? recorder, CancellationToken ct)
    {
        var token = ManageToken.New();
        var command = new SignUpCommand(meetingId, attendee, mode, ManageToken.Hash(token), caller.KeyId, caller.IsStaff)
        {
            Recorder = recorder?.From<RegistrationSnapshot>(snapshot => new SignedUp(snapshot, token)),
        };
        return new SignedUp(await writer.SubmitAsync(command), token);
    }

    /// <summary>Cancels the registration (cancelling again changes nothing); its seat goes to the first waiting.</summary>
    public Task<RegistrationSnapshot> CancelAsync(Guid registrationId, RegistrationAccess access, CancellationToken ct) =>
        writer.SubmitAsync(new CancelCommand(registrationId, access));

    /// <summary>Switches attendance mode at once when a seat is free there, else queues for it (keeping a confirmed seat).</summary>
    public Task<RegistrationSnapshot> SwitchModeAsync(Guid registrationId, AttendanceMode mode, RegistrationAccess access, CancellationToken ct) =>
        writer.SubmitAsync(new SwitchModeCommand(registrationId, mode, access));

    /// <summary>Checks in the confirmed in-person attendee with this code (case and dashes ignored).</summary>
    public Task<RegistrationSnapshot> CheckInAsync(Guid meetingId, string code, IdempotencyRecorder<RegistrationSnapshot>? recorder, CancellationToken ct) =>
        writer.SubmitAsync(new CheckInCommand(meetingId, code) { Recorder = recorder });

    /// <summary>Erases the registration's personal data (<see cref="PersonalDataPolicy"/>); again: no change, same answer.</summary>
    public Task<RegistrationSnapshot> EraseAsync(Guid registrationId, RegistrationAccess access, CancellationToken ct) =>
        writer.SubmitAsync(new EraseCommand(registrationId, access));

    /// <summary>The registration as it is now, for a caller already known to have made it (a replayed sign-up: its
    /// stored response proves it); <see cref="NotFoundException"/> when it or its meeting no longer exists.</summary>
    public async Task<RegistrationSnapshot> CurrentAsync(Guid registrationId, CancellationToken ct)
    {
        var found = await store.GetAsync(registrationId, ct) ?? throw new NotFoundException("Registration");
        var meeting = await meetings.GetAsync(Guid.Parse(found.Row.MeetingId), ct) ?? throw new NotFoundException("Registration");
        return new RegistrationSnapshot(found.Row.ToDomain(), meeting, found.Position);
    }

    /// <summary>Reads one registration the caller may see.</summary>
    public async Task<RegistrationSnapshot> GetAsync(Guid registrationId, RegistrationAccess access, CancellationToken ct)
    {
        var found = await store.GetAsync(registrationId, access, ct);
        var meeting = await meetings.GetAsync(Guid.Parse(found.Row.MeetingId), ct);
        if (meeting is null || (access.ScopeKeyId is not null && meeting.PublishedAt is null))
        {
            // A draft's registrations do not exist for an integration key, as the draft does not.
            throw new NotFoundException("Registration");
        }

        return new RegistrationSnapshot(found.Row.ToDomain(), meeting, found.Position);
    }
}

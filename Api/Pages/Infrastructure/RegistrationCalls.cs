using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Registrations;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>The pages' side of the in-process <see cref="RegistrationService"/> (the same calls the API
/// endpoints make): an anonymous attendee, identified by the manage token from the link.</summary>
public sealed class RegistrationCalls(RegistrationService service)
{
    /// <summary>An anonymous sign-up, as POST /meetings/{id}/registrations without a key.</summary>
    public async Task<(Guid RegistrationId, string ManageToken)> SignUpAsync(Guid meetingId, Attendee attendee, AttendanceMode mode, CancellationToken ct)
    {
        var signedUp = await service.SignUpAsync(meetingId, attendee, mode, Caller.Anonymous, null, ct);
        return (signedUp.Snapshot.Registration.Id, signedUp.ManageToken);
    }

    /// <summary>What the attendee sees with the manage token (the API's attendee view), and the meeting;
    /// null for an unknown id or a wrong token (the same answer for both).</summary>
    public async Task<(RegistrationResponse Registration, Meeting Meeting)?> ReadAsync(Guid registrationId, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        try
        {
            var snapshot = await service.GetAsync(registrationId, Access(token), ct);
            return (RegistrationResponse.From(snapshot.Registration, snapshot.Meeting, snapshot.WaitlistPosition, RegistrationView.Attendee), snapshot.Meeting);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public Task CancelAsync(Guid registrationId, string token, CancellationToken ct) => service.CancelAsync(registrationId, Access(token), ct);

    public Task SwitchModeAsync(Guid registrationId, string token, AttendanceMode target, CancellationToken ct) =>
        service.SwitchModeAsync(registrationId, target, Access(token), ct);

    private static RegistrationAccess Access(string token) => RegistrationAccess.ForTokenHash(ManageToken.Hash(token));
}

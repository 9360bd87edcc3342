using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Registrations;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>The pages' side of the in-process <see cref="RegistrationService"/> (the same calls the API
/// endpoints make): an anonymous attendee, identified by the token in the link: the manage token given at sign-up
/// (<c>rmt_…</c>) or the link token a mail carries (<c>rml_…</c>, <see cref="RegistrationLinks"/>).</summary>
public sealed class RegistrationCalls(RegistrationService service, RegistrationLinks links)
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
        if (string.IsNullOrEmpty(token) || token.Length > 1_000)
        {
            return null;
        }

        try
        {
            var snapshot = await service.GetAsync(registrationId, Access(registrationId, token), ct);
            return (RegistrationResponse.From(snapshot.Registration, snapshot.Meeting, snapshot.WaitlistPosition, RegistrationView.Attendee), snapshot.Meeting);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public Task CancelAsync(Guid registrationId, string token, CancellationToken ct) => service.CancelAsync(registrationId, Access(registrationId, token), ct);

    public Task SwitchModeAsync(Guid registrationId, string token, AttendanceMode target, CancellationToken ct) =>
        service.SwitchModeAsync(registrationId, target, Access(registrationId, token), ct);

    // The API's own rule for an anonymous caller (a forged, expired or foreign link token gets the wrong token's answer).
    private RegistrationAccess Access(Guid registrationId, string token) => ManageTokens.Access(Caller.Anonymous, null, token, links, registrationId);
}

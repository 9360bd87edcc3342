using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>The registration operations the pages use, each the same in-process call the API endpoint
/// makes (the single registration writer and its ledger, with the domain's rules). Kept in one place so
/// the pages follow the registration path wherever it goes.</summary>
public sealed class RegistrationCalls(RegistrationWriter writer, RegistrationStore store, MeetingStore meetings)
{
    public sealed record SignedUp(Guid RegistrationId, string ManageToken);

    /// <summary>An anonymous sign-up, as POST /meetings/{id}/registrations without a key.</summary>
    public async Task<SignedUp> SignUpAsync(Guid meetingId, Attendee attendee, AttendanceMode mode)
    {
        var token = ManageTokens.New();
        var hash = ManageTokens.Hash(token);
        var id = await writer.SubmitAsync(async (ledger, ct) =>
            (await ledger.SignUpAsync(meetingId, attendee, mode, hash, null, false, ct)).Registration.Id);
        return new SignedUp(id, token);
    }

    /// <summary>What the attendee sees with the manage token (the API's attendee view), and the meeting;
    /// null for an unknown id or a wrong token (the same answer for both).</summary>
    public async Task<(RegistrationResponse Registration, Meeting Meeting)?> ReadAsync(Guid registrationId, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var found = await store.GetAsync(registrationId, ct);
        if (found is null)
        {
            return null;
        }

        try
        {
            Access(token).Check(found.Value.Row.ManageTokenHash, found.Value.Row.CreatedByKeyId, found.Value.Row.HospitalId);
        }
        catch (Api.Infrastructure.ApiException)
        {
            return null;
        }

        var meeting = await meetings.GetAsync(Guid.Parse(found.Value.Row.MeetingId), ct);
        return meeting is null ? null : (RegistrationResponse.From(found.Value.Row.ToDomain(), meeting, found.Value.Position, RegistrationView.Attendee), meeting);
    }

    public Task CancelAsync(Guid registrationId, string token) =>
        writer.SubmitAsync(async (ledger, ct) => await ledger.CancelAsync(registrationId, Access(token), ct));

    public Task SwitchModeAsync(Guid registrationId, string token, AttendanceMode target) =>
        writer.SubmitAsync(async (ledger, ct) => await ledger.SwitchModeAsync(registrationId, target, Access(token), ct));

    private static RegistrationAccess Access(string token) => new(false, ManageTokens.Hash(token));
}

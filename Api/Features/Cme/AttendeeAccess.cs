using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Cme;

/// <summary>The join link and heartbeats belong to the attendee alone: the registration's manage token,
/// never an API key (staff do not watch in an attendee's name).</summary>
public static class AttendeeAccess
{
    public static async Task<(AttendeeRow Attendee, Meeting Meeting)> RequireAsync(AttendanceStore store, Caller caller, Guid registrationId,
        string? header, string? query, RegistrationLinks links, CancellationToken ct)
    {
        if (!caller.IsAnonymous)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Only the attendee's own manage token opens this; send no API key.");
        }

        // The manage token, or the link token a mail carries (see RegistrationLinks).
        var access = ManageTokens.Access(caller, header, query, links, registrationId);
        var found = await store.OnlineAttendeeAsync(registrationId, ct);
        // Same answer for an unknown id and a wrong token: compare against a dummy hash when there is no row.
        access.Check(found?.Attendee.ManageTokenHash ?? new string('f', 64), null, null);
        if (found is null)
        {
            throw ApiException.NotFound("Registration");
        }

        return found.Value;
    }
}

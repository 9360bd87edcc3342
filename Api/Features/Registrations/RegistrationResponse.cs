using System.Text.Json.Serialization;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Features.Registrations;

/// <summary>Who is looking at a registration decides what it shows.</summary>
public enum RegistrationView
{
    /// <summary>The attendee (manage token, or the anonymous sign-up itself): no e-mail or phone echoed; the stream once confirmed online.</summary>
    Attendee,

    /// <summary>Organisers and admins, and integration keys within their scope: contact details, no stream.</summary>
    Staff,
}

public sealed class RegistrationResponse
{
    /// <summary>Random (not guessable).</summary>
    public required Guid Id { get; init; }

    public required Guid MeetingId { get; init; }
    public required string FullName { get; init; }

    /// <summary>Only for organisers and integration keys that may see the registration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    /// <summary>Only for organisers and integration keys that may see the registration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Phone { get; init; }

    public required Guid? HospitalId { get; init; }
    public required string? HospitalName { get; init; }
    public required string JobTitle { get; init; }
    public required string Specialty { get; init; }

    /// <summary>The mode of the seat held, or waited for when waitlisted.</summary>
    public required AttendanceMode Mode { get; init; }

    public required RegistrationStatus Status { get; init; }

    /// <summary>For a confirmed attendee waiting for a seat of the other mode: that mode (the current seat is kept until promoted).</summary>
    public required AttendanceMode? RequestedMode { get; init; }

    /// <summary>1-based place in the waiting list of <c>mode</c> (waitlisted) or of <c>requestedMode</c>; null otherwise.</summary>
    public required int? WaitlistPosition { get; init; }

    /// <summary>Shown at the venue's check-in; only while confirmed in person.</summary>
    public required string? CheckInCode { get; init; }

    public required DateTimeOffset? CheckedInAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required int Version { get; init; }

    /// <summary>Only for the attendee's own confirmed online registration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StreamDto? Stream { get; init; }

    /// <summary>Returned once, in the sign-up response: keep it to read, cancel or switch the registration
    /// (X-Registration-Token header or ?token=). Only its hash is stored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ManageToken { get; init; }

    /// <param name="integrationKeyId">For an integration caller: the check-in code (the attendee's ticket)
    /// is shown only for registrations that key created, not for others of its hospital.</param>
    public static RegistrationResponse From(Registration r, Meeting meeting, int? position, RegistrationView view, string? manageToken = null,
        string? integrationKeyId = null)
    {
        var tz = meeting.Details.TimeZone;
        // A cancelled or finished meeting streams nothing: its link is not handed out any more.
        var online = r.Status == RegistrationStatus.Confirmed && r.Mode == AttendanceMode.Online && meeting.Status == MeetingStatus.Published;
        return new RegistrationResponse
        {
            Id = r.Id,
            MeetingId = r.MeetingId,
            FullName = r.Attendee.FullName,
            Email = view == RegistrationView.Staff ? r.Attendee.Email : null,
            Phone = view == RegistrationView.Staff ? r.Attendee.Phone : null,
            HospitalId = r.Attendee.HospitalId,
            HospitalName = r.Attendee.HospitalName,
            JobTitle = r.Attendee.JobTitle,
            Specialty = r.Attendee.Specialty,
            Mode = r.Mode,
            Status = r.Status,
            RequestedMode = r.HasPendingSwitch ? r.QueueMode : null,
            WaitlistPosition = position,
            CheckInCode = r.IsConfirmedInPerson && (integrationKeyId is null || r.CreatedByKeyId == integrationKeyId) ? r.CheckInCode : null,
            CheckedInAt = Instants.InZone(r.CheckedInAt, tz),
            CreatedAt = Instants.InZone(r.CreatedAt, tz),
            UpdatedAt = Instants.InZone(r.UpdatedAt, tz),
            Version = r.Version,
            Stream = view == RegistrationView.Attendee && online && meeting.Details.Stream is { } s
                ? new StreamDto { Platform = s.Platform, Url = s.Url }
                : null,
            ManageToken = manageToken,
        };
    }
}

public static class ManageTokens
{
    public const string Header = "X-Registration-Token";

    public static RegistrationAccess Access(Caller caller, string? header, string? query)
    {
        var token = string.IsNullOrEmpty(header) ? query : header;
        if (caller.IsStaff)
        {
            return RegistrationAccess.Staff;
        }

        if (caller.Role == Domain.Access.ApiRole.Integration && caller.HospitalId is { } hospital)
        {
            // An integration key acts for its hospital: its own sign-ups and its hospital's attendees, nothing else (404).
            return RegistrationAccess.ForIntegration(caller.KeyId ?? "", hospital);
        }

        if (string.IsNullOrEmpty(token))
        {
            if (!caller.IsAnonymous)
            {
                throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Only organisers, integration keys or the attendee's manage token may do this.");
            }

            throw new ApiException(StatusCodes.Status401Unauthorized, "token_required", $"Send the registration's manage token in the {Header} header or as ?token=.");
        }

        // An over-long token cannot be one of ours: it gets the same (failing) check as any wrong token.
        return RegistrationAccess.ForTokenHash(token.Length > 200 ? new string('0', 64) : Api.Registrations.ManageToken.Hash(token));
    }

    public static RegistrationView View(RegistrationAccess access) => access.IsKeyed ? RegistrationView.Staff : RegistrationView.Attendee;
}

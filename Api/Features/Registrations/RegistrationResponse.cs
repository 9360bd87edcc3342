using System.Text.Json.Serialization;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Common;
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

/// <summary>A registration as its attendee, an organiser or an integration key sees it.</summary>
// Not sealed: the sign-up answer (SignUpResponse) is this plus the manage token, required there.
public class RegistrationResponse
{
    /// <summary>Random (not guessable).</summary>
    public required Guid Id { get; init; }

    /// <summary>The meeting registered for.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>The attendee's full name; empty once erased (see <c>erasedAt</c>) unless CME records keep it.</summary>
    public required string FullName { get; init; }

    /// <summary>Only for organisers and integration keys that may see the registration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    /// <summary>Only for organisers and integration keys that may see the registration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Phone { get; init; }

    /// <summary>The attendee's hospital, when one of the alliance.</summary>
    public required Guid? HospitalId { get; init; }

    /// <summary>The attendee's hospital as written.</summary>
    public required string? HospitalName { get; init; }

    /// <summary>e.g. Attending surgeon; empty once erased.</summary>
    public required string JobTitle { get; init; }

    /// <summary>e.g. Hepatobiliary surgery; empty once erased.</summary>
    public required string Specialty { get; init; }

    /// <summary>The language of mails about this registration: its own choice, else the meeting's.</summary>
    public required Language Language { get; init; }

    /// <summary>The mode of the seat held, or waited for when waitlisted.</summary>
    public required AttendanceMode Mode { get; init; }

    /// <summary>confirmed, waitlisted or cancelled.</summary>
    public required RegistrationStatus Status { get; init; }

    /// <summary>Why it was cancelled (attendee, organiser, integration or meeting_cancelled); null while active.</summary>
    public required CancellationReason? CancellationReason { get; init; }

    /// <summary>For a confirmed attendee waiting for a seat of the other mode: that mode (the current seat is kept until promoted).</summary>
    public required AttendanceMode? RequestedMode { get; init; }

    /// <summary>1-based place in the waiting list of <c>mode</c> (waitlisted) or of <c>requestedMode</c>; null otherwise.</summary>
    public required int? WaitlistPosition { get; init; }

    /// <summary>Shown at the venue's check-in; only while confirmed in person.</summary>
    public required string? CheckInCode { get; init; }

    /// <summary>When the attendee was checked in at the door; null until then.</summary>
    public required DateTimeOffset? CheckedInAt { get; init; }

    /// <summary>When the registration was made (its place in the queue).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Row version, also the ETag; rises with every change.</summary>
    public required int Version { get; init; }

    /// <summary>When the personal data were erased (on request or after the retention period): e-mail and phone are then
    /// absent, the text fields empty, and the name and hospital too unless CME evidence or a certificate needs them. Null
    /// while the registration holds its data.</summary>
    public required DateTimeOffset? ErasedAt { get; init; }

    /// <summary>Only for the attendee's own confirmed online registration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StreamDto? Stream { get; init; }

    /// <param name="integrationKeyId">For an integration caller: the check-in code (the attendee's ticket)
    /// is shown only for registrations that key created, not for others of its hospital.</param>
    public static RegistrationResponse From(Registration r, Meeting meeting, int? position, RegistrationView view, string? integrationKeyId = null)
    {
        var tz = meeting.Details.TimeZone;
        // A cancelled or finished meeting streams nothing: its link is not handed out any more.
        var online = r.Status == RegistrationStatus.Confirmed && r.Mode == AttendanceMode.Online && meeting.Status == MeetingStatus.Published;
        return new RegistrationResponse
        {
            Id = r.Id,
            MeetingId = r.MeetingId,
            FullName = r.Attendee.FullName,
            Email = view == RegistrationView.Staff && r.ErasedAt is null ? r.Attendee.Email : null,
            Phone = view == RegistrationView.Staff ? r.Attendee.Phone : null,
            HospitalId = r.Attendee.HospitalId,
            HospitalName = r.Attendee.HospitalName,
            JobTitle = r.Attendee.JobTitle,
            Specialty = r.Attendee.Specialty,
            Language = r.Attendee.Language ?? meeting.Details.Language,
            Mode = r.Mode,
            Status = r.Status,
            CancellationReason = r.CancellationReason,
            RequestedMode = r.HasPendingSwitch ? r.QueueMode : null,
            WaitlistPosition = position,
            CheckInCode = r.IsConfirmedInPerson && (integrationKeyId is null || r.CreatedByKeyId == integrationKeyId) ? r.CheckInCode : null,
            CheckedInAt = Instants.InZone(r.CheckedInAt, tz),
            CreatedAt = Instants.InZone(r.CreatedAt, tz),
            UpdatedAt = Instants.InZone(r.UpdatedAt, tz),
            Version = r.Version,
            ErasedAt = Instants.InZone(r.ErasedAt, tz),
            Stream = view == RegistrationView.Attendee && online && meeting.Details.Stream is { } s
                ? new StreamDto { Platform = s.Platform, Url = s.Url }
                : null,
        };
    }
}

/// <summary>The sign-up answer: the registration and, this once, its manage token.</summary>
public sealed class SignUpResponse : RegistrationResponse
{
    public SignUpResponse()
    {
    }

    /// <summary>Copies every field of <paramref name="registration"/> (every property of RegistrationResponse, so fields
    /// added there are never forgotten here).</summary>
#pragma warning disable CS8618 // The copy sets every inherited property; the compiler cannot see it.
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public SignUpResponse(RegistrationResponse registration, string manageToken)
#pragma warning restore CS8618
    {
        CopyFields(registration, this);
        ManageToken = manageToken;
    }

    // Compiled once from the properties' list: reflection's GetValue/SetValue per property per sign-up was a visible
    // share of the sign-up burst's CPU and garbage.
    private static readonly Action<RegistrationResponse, SignUpResponse> CopyFields = CompileCopy();

    private static Action<RegistrationResponse, SignUpResponse> CompileCopy()
    {
        var from = System.Linq.Expressions.Expression.Parameter(typeof(RegistrationResponse), "from");
        var to = System.Linq.Expressions.Expression.Parameter(typeof(SignUpResponse), "to");
        var copies = typeof(RegistrationResponse).GetProperties()
            .Select(p => System.Linq.Expressions.Expression.Assign(System.Linq.Expressions.Expression.Property(to, p), System.Linq.Expressions.Expression.Property(from, p)));
        return System.Linq.Expressions.Expression.Lambda<Action<RegistrationResponse, SignUpResponse>>(System.Linq.Expressions.Expression.Block(copies), from, to).Compile();
    }

    /// <summary>Returned once, here: keep it to read, cancel or switch the registration
    /// (X-Registration-Token header or ?token=). Only its hash is stored.</summary>
    public required string ManageToken { get; init; }
}

public static class ManageTokens
{
    public const string Header = "X-Registration-Token";

    /// <summary>As <see cref="Access(Caller, string?, string?)"/>, also accepting a manage link token from a mail
    /// (<c>rml_…</c>, see <see cref="RegistrationLinks"/>) for registration <paramref name="registrationId"/>.</summary>
    public static RegistrationAccess Access(Caller caller, string? header, string? query, RegistrationLinks links, Guid registrationId)
    {
        var token = string.IsNullOrEmpty(header) ? query : header;
        if (!caller.IsStaff && caller.Role != Domain.Access.ApiRole.Integration && RegistrationLinks.IsLinkToken(token))
        {
            // A forged, expired or foreign link gets the same 404 as a wrong manage token.
            return RegistrationAccess.ForTokenHash(links.ReadHash(token!, registrationId) ?? new string('0', 64));
        }

        return Access(caller, header, query);
    }

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

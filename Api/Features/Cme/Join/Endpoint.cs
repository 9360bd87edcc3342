using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Common;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.Join;

public sealed class Request
{
    [RouteParam]
    public Guid RegistrationId { get; init; }

    /// <summary>The registration's manage token (as in the links of the mails).</summary>
    [QueryParam]
    public string? Token { get; init; }

    /// <summary>The manage token as a header, for clients that can send one.</summary>
    [FromHeader(ManageTokens.Header, IsRequired = false)]
    public string? RegistrationToken { get; init; }
}

/// <summary>The join recorded, for clients that open the stream themselves (Accept: application/json).</summary>
public sealed class Response
{
    /// <summary>The stream to open.</summary>
    public required string StreamUrl { get; init; }
}

public sealed class Endpoint(AttendanceStore store, AttendanceWriter writer, TimeProvider time, RegistrationLinks links) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/j/{registrationId}");
        AllowAnonymous();
        Description(b => b.Produces<Response>(200).Produces(302).ProducesProblems(401, 403, 404, 409), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Personal join link of an online registration: records the join and redirects to the stream";
            s.Description = "From 30 minutes before the start to the end of the meeting: records a join in the attendance ledger and " +
                            "answers 302 to the stream (200 with streamUrl when the client accepts application/json, not HTML). Outside that window 409 join_not_open_yet (with opensAt) or join_closed; " +
                            "409 not_confirmed_online, no_stream; 404 for an unknown registration or a wrong token. " +
                            "Pages and mails give this link rather than the stream URL.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (attendee, meeting) = await AttendeeAccess.RequireAsync(store, Caller.From(User), req.RegistrationId, req.RegistrationToken, req.Token, links, ct);
        var now = time.GetUtcNow();
        try
        {
            OnlineAttendance.EnsureCanWatch(meeting, attendee is { Status: "confirmed", Mode: "online" }, now);
        }
        catch (RuleViolation violation)
        {
            foreach (var key in new[] { "opensAt", "closedAt" })
            {
                if (violation.Extensions.TryGetValue(key, out var at) && at is DateTimeOffset instant)
                {
                    violation.Extensions[key] = Instants.InZone(instant, meeting.Details.TimeZone);
                }
            }

            throw;
        }

        await writer.AppendAsync(new OnlineEvidence(meeting.Id, attendee.RegistrationId, IsJoin: true, now));
        HttpContext.Response.Headers.CacheControl = "no-store";
        if (WantsJson(HttpContext.Request))
        {
            await Send.OkAsync(new Response { StreamUrl = meeting.Details.Stream!.Url }, ct);
            return;
        }

        await Send.RedirectAsync(meeting.Details.Stream!.Url, isPermanent: false, allowRemoteRedirects: true);
    }

    /// <summary>A browser (Accept with text/html, or none) follows the redirect; an app asking for JSON gets the URL.</summary>
    private static bool WantsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Count > 0 && accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
               && !accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }
}

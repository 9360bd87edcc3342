using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.Heartbeat;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The registration's manage token.</summary>
    [FromHeader(ManageTokens.Header, IsRequired = false)]
    public string? RegistrationToken { get; init; }

    /// <summary>The manage token, for pages that cannot set a header; the header is preferred.</summary>
    [QueryParam]
    public string? Token { get; init; }
}

public sealed class Endpoint(AttendanceStore store, AttendanceWriter writer, TimeProvider time, RegistrationLinks links) : Endpoint<Request>
{
    public override void Configure()
    {
        Post("/registrations/{id}/attendance/heartbeats");
        AllowAnonymous();
        Description(b => b.Produces(204).ProducesProblems(401, 403, 404, 409, 503), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Say an online attendee is still watching (send every 60 s while the stream plays)";
            s.Description = "No body. 204 once the heartbeat is durable in the attendance ledger. Each heartbeat stands for the minute " +
                            "before it (75 s, for timer jitter): a gap in heartbeats is time not present. 409 not_confirmed_online, " +
                            "join_not_open_yet, join_closed; 404 for an unknown registration or a wrong token.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (attendee, meeting) = await AttendeeAccess.RequireAsync(store, Caller.From(User), req.Id, req.RegistrationToken, req.Token, links, ct);
        var now = time.GetUtcNow();
        OnlineAttendance.EnsureCanWatch(meeting, attendee is { Status: "confirmed", Mode: "online" }, now);
        await writer.AppendAsync(new OnlineEvidence(meeting.Id, attendee.RegistrationId, IsJoin: false, now));
        await Send.NoContentAsync(ct);
    }
}

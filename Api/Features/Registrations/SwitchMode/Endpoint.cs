using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using EventScheduler.Domain.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.SwitchMode;

/// <summary>The attendance mode to switch to.</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    [FromHeader("X-Registration-Token", IsRequired = false)]
    public string? RegistrationToken { get; init; }

    /// <summary>The manage token, for links in e-mails; the X-Registration-Token header is preferred.</summary>
    [QueryParam]
    public string? Token { get; init; }

    /// <summary>The mode wanted: in_person or online.</summary>
    public AttendanceMode? Mode { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Mode).NotNull();
    }
}

public sealed class Endpoint(RegistrationService registrations, RegistrationLinks links) : Endpoint<Request, RegistrationResponse>
{
    public override void Configure()
    {
        Post("/registrations/{id}/switch-mode");
        AllowAnonymous();
        Description(b => b.Produces<RegistrationResponse>(200).ProducesProblems(403, 404, 409, 503), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Switch attendance mode";
            s.Description = "With a free seat in the wanted mode the switch happens at once and the old seat is passed on. " +
                            "Otherwise a confirmed attendee joins that mode's waiting list and keeps the current seat until promoted " +
                            "(requestedMode, waitlistPosition); a waitlisted one moves to the end of the other list. " +
                            "Asking for the mode already held withdraws a pending switch.";
        });
        Tags("Registrations");
    }

    /// <summary>Credentials before content: a caller without a token or key gets 401 (and a check-in
    /// key 403) whatever the body says, as on every other protected route.</summary>
    public override void OnBeforeValidate(Request req) =>
        _ = ManageTokens.Access(Caller.From(User), req.RegistrationToken, req.Token, links, req.Id);

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var access = ManageTokens.Access(Caller.From(User), req.RegistrationToken, req.Token, links, req.Id);
        var s = await registrations.SwitchModeAsync(req.Id, req.Mode!.Value, access, ct);
        var response = RegistrationResponse.From(s.Registration, s.Meeting, s.WaitlistPosition, ManageTokens.View(access), access.ScopeKeyId);
        ETags.Set(HttpContext, response.Version);
        await Send.OkAsync(response, ct);
    }
}

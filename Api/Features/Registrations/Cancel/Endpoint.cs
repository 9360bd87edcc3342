using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.Cancel;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    [FromHeader("X-Registration-Token", IsRequired = false)]
    public string? RegistrationToken { get; init; }

    /// <summary>The manage token, for links in e-mails; the X-Registration-Token header is preferred.</summary>
    [QueryParam]
    public string? Token { get; init; }
}

public sealed class Endpoint(RegistrationService registrations, RegistrationLinks links) : Endpoint<Request, RegistrationResponse>
{
    public override void Configure()
    {
        Post("/registrations/{id}/cancel");
        AllowAnonymous();
        Description(b => b.Produces<RegistrationResponse>(200).ProducesProblems(403, 404, 503), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Cancel a registration or leave the waiting list";
            s.Description = "A freed seat goes to the first waitlisted attendee of that mode in the same transaction. Cancelling again changes nothing.";
        });
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var access = ManageTokens.Access(Caller.From(User), req.RegistrationToken, req.Token, links, req.Id);
        var s = await registrations.CancelAsync(req.Id, access, ct);
        var response = RegistrationResponse.From(s.Registration, s.Meeting, s.WaitlistPosition, ManageTokens.View(access), access.ScopeKeyId);
        ETags.Set(HttpContext, response.Version);
        await Send.OkAsync(response, ct);
    }
}

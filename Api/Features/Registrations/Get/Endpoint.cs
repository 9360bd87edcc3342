using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.Get;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The manage token from the sign-up response.</summary>
    [FromHeader("X-Registration-Token", IsRequired = false)]
    public string? RegistrationToken { get; init; }

    /// <summary>The manage token, for links in e-mails; the header is preferred.</summary>
    [QueryParam]
    public string? Token { get; init; }
}

public sealed class Endpoint(RegistrationService registrations, RegistrationLinks links) : Endpoint<Request, RegistrationResponse>
{
    public override void Configure()
    {
        Get("/registrations/{id}");
        AllowAnonymous();
        Description(b => b.Produces<RegistrationResponse>(200).ProducesProblems(403, 404), clearDefaults: true);
        Summary(s => s.Summary = "Read a registration (its attendee with the manage token, an organiser, or an integration key in scope)");
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var access = ManageTokens.Access(Caller.From(User), req.RegistrationToken, req.Token, links, req.Id);
        var s = await registrations.GetAsync(req.Id, access, ct);
        ETags.Set(HttpContext, s.Registration.Version);
        await Send.OkAsync(RegistrationResponse.From(s.Registration, s.Meeting, s.WaitlistPosition, ManageTokens.View(access), access.ScopeKeyId), ct);
    }
}

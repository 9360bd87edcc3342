using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.Erase;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>Organisers and admins only: the alliance decides on an attendee's request (PIPL art. 47, GDPR art. 17); an
/// integration system forwards such a request to an organiser, and an attendee cancels and asks.</summary>
public sealed class Endpoint(RegistrationService registrations) : Endpoint<Request, RegistrationResponse>
{
    public override void Configure()
    {
        Post("/registrations/{id}/erase");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<RegistrationResponse>(200).ProducesProblems(401, 403, 404, 409, 503), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Erase a registration's personal data (organisers)";
            s.Description = "E-mail, phone, job title, specialty, language and check-in code go at once, with the copies the service " +
                            "kept (queued mails, stored Idempotency-Key responses, earlier change-feed snapshots); the name and " +
                            "hospital go too unless CME evidence or a certificate of the registration needs them. Status, mode and " +
                            "check-in time stay (the meeting's counts); the manage token stops working. Recorded in the change feed " +
                            "as registration.erased, without the data. 409 registration_active while it holds or waits for a place in " +
                            "a meeting still ahead (cancel it first). Erasing again changes nothing.";
        });
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var s = await registrations.EraseAsync(req.Id, RegistrationAccess.Staff, ct);
        var response = RegistrationResponse.From(s.Registration, s.Meeting, s.WaitlistPosition, RegistrationView.Staff);
        ETags.Set(HttpContext, response.Version);
        await Send.OkAsync(response, ct);
    }
}

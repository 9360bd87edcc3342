using EventScheduler.Api.Email;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.ResendLink;

public sealed class Request
{
    /// <summary>The meeting.</summary>
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The address the registration was made with.</summary>
    public string? Email { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Email).NotEmpty().MaximumLength(Attendee.MaxEmailLength).NoControlCharacters();
    }
}

/// <summary>The one answer, whatever the address: it tells nobody whether someone is registered.</summary>
public sealed class Response
{
    /// <summary>Always "accepted".</summary>
    public string Status { get; init; } = "accepted";

    /// <summary>What happens next, in words.</summary>
    public string Detail { get; init; } = "If this address has an active registration for this meeting, a mail with its manage link is on its way.";
}

public sealed class Endpoint(EmailOutboxStore outbox, ResendLinkLimiter limiter, EmailRateLimiter emailLimits, EmailSettings settings, MailSignal signal,
    TimeProvider time)
    : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/meetings/{id}/registrations/resend-link");
        AllowAnonymous();
        Description(b => b.Produces<Response>(202).ProducesProblems(400, 429), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Mail the manage link again (lost link)";
            s.Description = "Always 202 with the same body, whether or not the address has a registration; the mail goes out only to an "
                            + "active registration of this meeting, at most a few link mails an hour per registration. Asking too often for one "
                            + "e-mail address, or from one client address, answers 429 rate_limited (whether or not the address is registered).";
        });
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await limiter.CheckAsync(HttpContext, ct);
        await emailLimits.CheckAsync("resend-link", req.Email, ct);
        var now = time.GetUtcNow();
        var window = settings.Email.ResendLinkPerEmail;
        if (settings.Email.Enabled && await outbox.EnqueueManageLinkAsync(req.Id, Attendee.Normalise(req.Email!), Instants.ToMs(now),
                Instants.ToMs(now - window.Window), Math.Max(1, window.PermitLimit), ct))
        {
            signal.Wake();
        }

        await Send.ResponseAsync(new Response(), StatusCodes.Status202Accepted, ct);
    }
}

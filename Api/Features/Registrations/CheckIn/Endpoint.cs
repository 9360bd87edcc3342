using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.CheckIn;

/// <summary>The code scanned or typed at the door.</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    [FromHeader("Idempotency-Key", IsRequired = false)]
    public string? IdempotencyKey { get; init; }

    /// <summary>The check-in code the attendee shows (case and dashes ignored).</summary>
    public string? Code { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Code).NotEmpty().MaximumLength(40).NoControlCharacters();
    }
}

/// <summary>Who was checked in.</summary>
public sealed class Response
{
    /// <summary>The registration checked in.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The attendee's name, to compare with their badge.</summary>
    public required string FullName { get; init; }

    /// <summary>The attendee's hospital.</summary>
    public required string? HospitalName { get; init; }

    /// <summary>Always in_person.</summary>
    public required AttendanceMode Mode { get; init; }

    /// <summary>When the attendee was checked in.</summary>
    public required DateTimeOffset CheckedInAt { get; init; }
}

public sealed class Endpoint(RegistrationService registrations, IdempotentCreate creates, CheckInGuessBudget guesses) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/meetings/{id}/check-ins");
        Roles(RoleSets.CheckInStaff);
        Description(b => b.Produces<Response>(200).ProducesProblems(404, 409, 422, 429, 503), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Check an attendee in at the venue by code";
            s.Description = "200 with the attendee's name and mode. 409 already_checked_in (with checkedInAt) on a second scan, " +
                            "409 not_confirmed for waitlisted, cancelled or online registrations; 404 for a code of another meeting. Honours Idempotency-Key. " +
                            "Too many wrong codes from one key for one meeting (RateLimiting:CheckInMisses) answer 429 rate_limited until the window ends; "
                            + "the wrong code that spends the budget records one check_in.guessing_suspected event for organisers.";
        });
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // Wrong codes are budgeted per key and meeting (shared by every instance): no guessing through a desk's key.
        var budget = await guesses.EnsureLeftAsync(User, req.Id, ct);
        try
        {
            await creates.SendThroughWriterAsync<RegistrationSnapshot>(HttpContext, req.IdempotencyKey, req,
                recorder => registrations.CheckInAsync(req.Id, req.Code!, recorder, ct), Respond, ct);
        }
        catch (NotFoundException)
        {
            await guesses.ChargeAsync(budget, User, req.Id, ct);
            throw;
        }
    }

    private static StoredResponse Respond(RegistrationSnapshot s) => StoredResponse.Json(StatusCodes.Status200OK, null, new Response
    {
        RegistrationId = s.Registration.Id,
        FullName = s.Registration.Attendee.FullName,
        HospitalName = s.Registration.Attendee.HospitalName,
        Mode = s.Registration.Mode,
        CheckedInAt = Instants.InZone(s.Registration.CheckedInAt!.Value, s.Meeting.Details.TimeZone),
    });
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using EventScheduler.Domain.Access;
using EventScheduler.Domain.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.Create;

/// <summary>A sign-up for a meeting.</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>Any unique value (e.g. a UUID): a retry with the same key and body returns the first response unchanged.</summary>
    [FromHeader("Idempotency-Key", IsRequired = false)]
    public string? IdempotencyKey { get; init; }

    /// <summary>The contract's example.</summary>
    public static Request Example => new()
    {
        FullName = "Zhang Wei",
        Email = "zhang.wei@example.cn",
        HospitalName = "Ankang Central Hospital",
        JobTitle = "Attending surgeon",
        Specialty = "Hepatobiliary surgery",
        Mode = AttendanceMode.InPerson,
    };

    /// <summary>The attendee's full name.</summary>
    public string? FullName { get; init; }

    /// <summary>The attendee's e-mail; one active registration per e-mail and meeting.</summary>
    public string? Email { get; init; }

    /// <summary>The attendee's phone number (optional).</summary>
    public string? Phone { get; init; }

    /// <summary>A hospital of the alliance; or give <c>hospitalName</c>. An integration key may name only its own hospital (else 403 <c>hospital_out_of_scope</c>).</summary>
    public Guid? HospitalId { get; init; }

    /// <summary>The hospital as written, when not one of the alliance (or besides hospitalId).</summary>
    public string? HospitalName { get; init; }

    /// <summary>e.g. Attending surgeon.</summary>
    public string? JobTitle { get; init; }

    /// <summary>e.g. Hepatobiliary surgery.</summary>
    public string? Specialty { get; init; }

    /// <summary>in_person or online; must be offered by the meeting's format.</summary>
    public AttendanceMode? Mode { get; init; }

    /// <summary>zh or en: the language of the mails about this registration; default the meeting's.</summary>
    public Domain.Common.Language? Language { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.FullName).NotEmpty().MaximumLength(Attendee.MaxNameLength);
            RuleFor(x => x.Email).NotEmpty().MaximumLength(Attendee.MaxEmailLength);
            RuleFor(x => x.Phone).MaximumLength(Attendee.MaxPhoneLength);
            RuleFor(x => x.HospitalName).MaximumLength(Attendee.MaxHospitalNameLength);
            RuleFor(x => x.HospitalName).NotEmpty().When(x => x.HospitalId is null).WithMessage("Give 'hospitalId' or 'hospitalName'.");
            RuleFor(x => x.HospitalId).NotEqual(Guid.Empty);
            RuleFor(x => x.JobTitle).NotEmpty().MaximumLength(Attendee.MaxJobTitleLength);
            RuleFor(x => x.Specialty).NotEmpty().MaximumLength(Attendee.MaxSpecialtyLength);
            RuleFor(x => x.Mode).NotNull();
        }
    }
}

public sealed class Endpoint(RegistrationService registrations, IdempotentCreate creates, EmailRateLimiter emailLimits) : Endpoint<Request, SignUpResponse>
{
    public override void Configure()
    {
        Post("/meetings/{id}/registrations");
        AllowAnonymous();
        Description(b => b.Produces<SignUpResponse>(201).ProducesProblems(403, 404, 409, 422, 503), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Register for a meeting, in person or online";
            s.Description = "Public while the meeting's registration window is open; integration and organiser keys too. " +
                            "Confirmed while seats of the mode remain, else waitlisted in arrival order. The response carries " +
                            "the manageToken once. Honours Idempotency-Key.";
        });
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role == ApiRole.CheckIn)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Check-in keys cannot register attendees.");
        }

        // An integration key acts for its hospital: naming another would put the attendee (and the e-mail it
        // sent) into that hospital's scope, readable and cancellable by its key. Someone from elsewhere is
        // registered by hospitalName and stays in this key's own scope.
        if (caller.Role == ApiRole.Integration && req.HospitalId is { } hospital && hospital != caller.HospitalId)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, "hospital_out_of_scope",
                "An integration key registers attendees of its own hospital only; leave 'hospitalId' out and give 'hospitalName' for someone from another hospital.");
        }

        var attendee = Attendee.Create(req.FullName, req.Email, req.Phone, req.HospitalId, req.HospitalName, req.JobTitle, req.Specialty, req.Language);
        // Anonymous sign-ups share a generous budget per client address (a hospital's NAT); each e-mail has its own.
        if (caller.IsAnonymous)
        {
            await emailLimits.CheckAsync("sign-up", attendee.EmailNormalised, ct);
        }

        // An anonymous caller is the attendee: no contact data echoed, the stream once confirmed online.
        // A keyed caller (organiser, integration) registers someone else: the data it sent, never the stream.
        var view = caller.IsAnonymous ? RegistrationView.Attendee : RegistrationView.Staff;
        await creates.SendThroughWriterAsync<SignedUp>(HttpContext, req.IdempotencyKey, req,
            recorder => registrations.SignUpAsync(req.Id, attendee, req.Mode!.Value, caller, recorder, ct),
            s => StoredResponse.Json(StatusCodes.Status201Created, $"/registrations/{s.Snapshot.Registration.Id}",
                new SignUpResponse(RegistrationResponse.From(s.Snapshot.Registration, s.Snapshot.Meeting, s.Snapshot.WaitlistPosition, view), s.ManageToken),
                s.Snapshot.Registration.Version), ct,
            stored => ReplayRefresh.RefreshAsync(stored, registrations, view, ct));
    }
}

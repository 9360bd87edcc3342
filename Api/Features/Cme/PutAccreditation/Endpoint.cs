using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.PutAccreditation;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The ETag from a GET; the replacement is refused with 412 if the accreditation changed since.</summary>
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }

    /// <summary>Who accredits the meeting (e.g. "Shaanxi Provincial CME Committee"); at most 200 characters.</summary>
    public string? AccreditingBody { get; init; }

    /// <summary>The accreditor's project number; at most 100 characters.</summary>
    public string? ProjectNumber { get; init; }

    /// <summary>class_i, class_ii or other.</summary>
    public CreditType? CreditType { get; init; }

    /// <summary>Credits per attended hour, above 0 and at most 10, up to 3 decimals (EACCME: 1).</summary>
    public decimal? CreditsPerHour { get; init; }

    /// <summary>Most credits one attendee can earn here (e.g. 6 for a full day), up to 3 decimals.</summary>
    public decimal? MaxCredits { get; init; }

    /// <summary>Credits are rounded down to a multiple of this (e.g. 0.25), up to 3 decimals.</summary>
    public decimal? RoundingStep { get; init; }

    /// <summary>Share of the accredited time (0-100) an attendee must be present for to earn credits (often 85).</summary>
    public int? MinimumAttendancePercent { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.AccreditingBody).NotEmpty();
            RuleFor(x => x.ProjectNumber).NotEmpty();
            RuleFor(x => x.CreditType).NotNull();
            RuleFor(x => x.CreditsPerHour).NotNull();
            RuleFor(x => x.MaxCredits).NotNull();
            RuleFor(x => x.RoundingStep).NotNull();
            RuleFor(x => x.MinimumAttendancePercent).NotNull();
        }
    }
}

public sealed class Endpoint(AccreditationStore store, MeetingStore meetings, TimeProvider time) : Endpoint<Request, AccreditationResponse>
{
    public override void Configure()
    {
        Put("/meetings/{id}/accreditation");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<AccreditationResponse>(200).ProducesProblems(400, 404, 412), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Set or replace a meeting's CME accreditation";
            s.Description = "Accrediting body, project number, credit type and the credit rule (credits per hour, cap, rounding step, " +
                            "minimum attendance). Certificates already issued keep the figures they were issued with. " +
                            "400 with a rule code for figures out of range (credits_per_hour_out_of_range, max_credits_out_of_range, " +
                            "rounding_step_out_of_range, minimum_attendance_out_of_range, too_many_decimals).";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var accreditation = Accreditation.Create(req.AccreditingBody, req.ProjectNumber, req.CreditType!.Value, req.CreditsPerHour!.Value,
            req.MaxCredits!.Value, req.RoundingStep!.Value, req.MinimumAttendancePercent!.Value);
        var (stored, _) = await store.PutAsync(req.Id, accreditation, IfMatch.Parse(req.IfMatch), Caller.From(User).KeyId, time.GetUtcNow(), ct);
        var meeting = await meetings.GetAsync(req.Id, ct) ?? throw new NotFoundException("Meeting");
        ETags.Set(HttpContext, stored.Version);
        await Send.OkAsync(AccreditationResponse.From(stored, meeting.Details.TimeZone), ct);
    }
}

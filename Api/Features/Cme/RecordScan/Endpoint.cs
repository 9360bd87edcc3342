using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.RecordScan;

public enum ScanDirection
{
    In,
    Out,
}

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The attendee's check-in code (case and dashes ignored).</summary>
    public string? Code { get; init; }

    /// <summary>in: entering; out: leaving.</summary>
    public ScanDirection? Direction { get; init; }

    /// <summary>The session whose door this is; leave out for the venue's entrance.</summary>
    public Guid? SlotId { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Code).NotEmpty().MaximumLength(40).NoControlCharacters();
            RuleFor(x => x.Direction).NotNull();
        }
    }
}

public sealed class Endpoint(AttendanceStore store, TimeProvider time) : Endpoint<Request, EvidenceResponse>
{
    public override void Configure()
    {
        Post("/meetings/{id}/attendance/scans");
        Roles(RoleSets.CheckInStaff);
        Description(b => b.Produces<EvidenceResponse>(201).ProducesProblems(400, 404, 409), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Record a door scan (in or out) as attendance evidence";
            s.Description = "Beside the check-in at the desk: scans at the venue's entrance or a session's door show when an attendee " +
                            "left and came back, so credits count only the time present. 201 with the ledger entry; 404 for a code of " +
                            "another meeting; 409 not_confirmed_in_person, meeting_not_live; 400 slot_not_in_meeting.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var recorded = await store.RecordScanAsync(req.Id, req.Code!, req.Direction == ScanDirection.In, req.SlotId, Caller.From(User).KeyId,
            time.GetUtcNow(), ct);
        await Send.ResponseAsync(EvidenceResponse.From(recorded), StatusCodes.Status201Created, ct);
    }
}

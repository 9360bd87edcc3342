using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.AdjustAttendance;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The slot whose minutes are corrected.</summary>
    public Guid? SlotId { get; init; }

    /// <summary>Minutes to add (positive) or take away (negative), non-zero, at most 1440 either way; the slot's
    /// minutes stay between 0 and its length.</summary>
    public int? Minutes { get; init; }

    /// <summary>Why (kept in the ledger with the organiser who made it); at most 1000 characters.</summary>
    public string? Reason { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.SlotId).NotNull();
            RuleFor(x => x.Minutes).NotNull();
        }
    }
}

public sealed class Endpoint(AttendanceStore store, TimeProvider time) : Endpoint<Request, EvidenceResponse>
{
    public override void Configure()
    {
        Post("/registrations/{id}/attendance/adjustments");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<EvidenceResponse>(201).ProducesProblems(400, 404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Correct a registration's attendance in one slot";
            s.Description = "Appends a correction to the ledger (nothing is edited or deleted): minutes added or taken away, the reason and " +
                            "the organiser's key. 400 adjustment_minutes_out_of_range, adjustment_reason_required, slot_not_in_meeting.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var recorded = await store.RecordAdjustmentAsync(req.Id, req.SlotId!.Value, req.Minutes!.Value, req.Reason, Caller.From(User).KeyId,
            time.GetUtcNow(), ct);
        await Send.ResponseAsync(EvidenceResponse.From(recorded), StatusCodes.Status201Created, ct);
    }
}

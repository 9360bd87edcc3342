using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Programme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.ChangeSlotStatus;

/// <summary>The new live status of a slot.</summary>
public sealed class Request
{
    public const int MaxNoteLength = 500;

    [RouteParam]
    public Guid Id { get; init; }

    [RouteParam]
    public Guid SlotId { get; init; }

    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }

    /// <summary>The new live status.</summary>
    public LiveStatus? Status { get; init; }

    /// <summary>Required for delayed: when the slot is now expected to start.</summary>
    public DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>Shown publicly on the live feed, e.g. "stream restored".</summary>
    public string? Note { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Status).NotNull();
            RuleFor(x => x.Note).MaximumLength(MaxNoteLength).NoControlCharacters();
        }
    }
}

public sealed class Endpoint(LiveStatusStore store, LiveFeedFollower feed, TimeProvider time) : Endpoint<Request, SlotResponse>
{
    public override void Configure()
    {
        Post("/meetings/{id}/slots/{slotId}/status");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<SlotResponse>(200).ProducesProblems(404, 409, 412), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Change a slot's live status; recorded in its history and sent on the live feed";
            s.Description = "Allowed: scheduled -> delayed (with expectedStartAt) | live; delayed -> live; live -> interrupted | completed | "
                            + "switched_to_recording; interrupted -> live; any non-final -> cancelled. 409 invalid_live_transition otherwise; "
                            + "409 consent_required when a surgery case without recorded consent would go live; 409 meeting_not_published / programme_frozen.";
        });
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var text = req.Note?.Trim();
        var (meeting, slot, history, _) = await store.ChangeStatusAsync(req.Id, req.SlotId, ETags.Precondition(req.IfMatch), req.Status!.Value,
            req.ExpectedStartAt, string.IsNullOrEmpty(text) ? null : text, time.GetUtcNow(), ct);
        // The feed reaches listeners from the database's log (so other processes' listeners get it too); look now.
        feed.Wake();
        ETags.Set(HttpContext, slot.Version);
        await Send.OkAsync(SlotResponse.From(slot, meeting.Details.TimeZone, history), ct);
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Programme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.UpdateSlot;

/// <summary>A JSON merge patch of the slot: only the fields sent change; null clears a nullable field.</summary>
public sealed class Request : SlotBody
{
    [RouteParam]
    public Guid Id { get; init; }

    [RouteParam]
    public Guid SlotId { get; init; }

    /// <summary>The ETag from a GET; the change is refused with 412 if the slot changed since.</summary>
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => SlotBodyRules.Apply(this);
    }
}

public sealed class Endpoint(SlotStore store, TimeProvider time) : Endpoint<Request, SlotResponse>
{
    public override void Configure()
    {
        Patch("/meetings/{id}/slots/{slotId}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<SlotResponse>(200).ProducesProblems(404, 409, 412), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Edit a slot (JSON merge patch); every programme rule is checked again";
            s.Description = "No field holds patient identifiers. Changing kind away from surgery_demo requires clearing the surgery fields (null).";
        });
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(HttpContext.Request, ct);
        var now = time.GetUtcNow();
        var (meeting, slot, history) = await store.UpdateAsync(req.Id, req.SlotId, ETags.Precondition(req.IfMatch), s => s.Edit(Merge(s.Details, req, patch), now), now, ct);
        ETags.Set(HttpContext, slot.Version);
        await Send.OkAsync(SlotResponse.From(slot, meeting.Details.TimeZone, history), ct);
    }

    private static SlotDetails Merge(SlotDetails d, Request r, MergePatch p) => d with
    {
        Kind = p.Has("kind") ? r.Kind ?? throw Required("kind") : d.Kind,
        Title = p.Has("title") ? r.Title ?? "" : d.Title,
        StartsAt = p.Has("startsAt") ? r.StartsAt ?? throw Required("startsAt") : d.StartsAt,
        EndsAt = p.Has("endsAt") ? r.EndsAt ?? throw Required("endsAt") : d.EndsAt,
        Channel = p.Has("channel") ? r.Channel ?? SlotDetails.DefaultChannel : d.Channel,
        SpeakerIds = p.Has("speakerIds") ? r.SpeakerIds ?? [] : d.SpeakerIds,
        ModeratorIds = p.Has("moderatorIds") ? r.ModeratorIds ?? [] : d.ModeratorIds,
        Procedure = p.Pick("procedure", r.Procedure, d.Procedure),
        Approach = p.Pick("approach", r.Approach, d.Approach),
        OperatingSurgeons = p.Has("operatingSurgeons") ? SlotBodyRules.ToSurgeons(r.OperatingSurgeons) : d.OperatingSurgeons,
        OriginHospitalId = p.Pick("originHospitalId", r.OriginHospitalId, d.OriginHospitalId),
        ConsentRecorded = p.Has("consentRecorded") ? r.ConsentRecorded ?? false : d.ConsentRecorded,
        ConsentReference = p.Pick("consentReference", r.ConsentReference, d.ConsentReference),
        Translations = p.Has("translations") ? SlotTranslationsDto.Merge(d.Translations, r.Translations, p) : d.Translations,
        Accredited = p.Pick("accredited", r.Accredited, d.Accredited),
    };

    private static RuleViolation Required(string field) => RuleViolation.Invalid(Text.RequiredCode, $"'{field}' cannot be cleared.", field);
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.CreateSlot;

/// <summary>A new programme slot.</summary>
public sealed class Request : SlotBody
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>Makes a retry safe: the same key and body return the first response (see the API description).</summary>
    [FromHeader(Idempotency.Header, IsRequired = false)]
    public string? IdempotencyKey { get; init; }

    /// <summary>The contract's example: a live surgery case.</summary>
    public static Request Example => new()
    {
        Kind = SlotKind.SurgeryDemo,
        Title = "Laparoscopic left hepatectomy",
        StartsAt = new DateTimeOffset(2027, 3, 20, 10, 30, 0, TimeSpan.FromHours(8)),
        EndsAt = new DateTimeOffset(2027, 3, 20, 12, 0, 0, TimeSpan.FromHours(8)),
        Channel = "main",
        Procedure = "Laparoscopic left hepatectomy",
        Approach = SurgicalApproach.Laparoscopic,
        OperatingSurgeons = [new OperatingSurgeonDto { FacultyId = Guid.Parse("0190a000-0000-7000-8000-000000000014"), Role = SurgeonRole.Lead }],
        OriginHospitalId = Guid.Parse("0190a000-0000-7000-8000-000000000002"),
        ConsentRecorded = true,
        ConsentReference = "CF-01",
    };

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            SlotBodyRules.Apply(this);
            RuleFor(x => x.Kind).NotNull();
            RuleFor(x => x.Title).NotEmpty();
            RuleFor(x => x.StartsAt).NotNull();
            RuleFor(x => x.EndsAt).NotNull();
        }
    }
}

public sealed class Endpoint(SlotStore store, TimeProvider time, IdempotentCreate creates) : Endpoint<Request, SlotResponse>
{
    public override void Configure()
    {
        Post("/meetings/{id}/slots");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<SlotResponse>(201).ProducesProblems(404, 409, 422), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Add a programme slot (surgery case, lecture, discussion, ceremony, break)";
            s.Description = "No field holds patient identifiers: a case is described by procedure and approach; consent by the hospital's own "
                            + "consent record reference. 400 slot_outside_meeting; 409 slot_overlap (same channel) or faculty_double_booked "
                            + "(a faculty member in an overlapping slot of any non-cancelled meeting; back-to-back is fine), naming "
                            + "conflictingSlotId and conflictingMeetingId; 409 programme_frozen for a cancelled or completed meeting.";
        });
        Tags("Programme");
    }

    public override Task HandleAsync(Request req, CancellationToken ct) =>
        creates.SendAsync<(Meeting Meeting, Slot Slot)>(HttpContext, req.IdempotencyKey, req, recorder =>
        {
            var now = time.GetUtcNow();
            return store.InsertAsync(req.Id, m => Slot.Plan(Guid.CreateVersion7(now), m.Id, new SlotDetails
            {
                Kind = req.Kind!.Value,
                Title = req.Title!,
                StartsAt = req.StartsAt!.Value,
                EndsAt = req.EndsAt!.Value,
                Channel = req.Channel ?? SlotDetails.DefaultChannel,
                SpeakerIds = req.SpeakerIds ?? [],
                ModeratorIds = req.ModeratorIds ?? [],
                Procedure = req.Procedure,
                Approach = req.Approach,
                OperatingSurgeons = SlotBodyRules.ToSurgeons(req.OperatingSurgeons),
                OriginHospitalId = req.OriginHospitalId,
                ConsentRecorded = req.ConsentRecorded ?? false,
                ConsentReference = req.ConsentReference,
                Translations = SlotTranslationsDto.ToDomain(req.Translations),
                Accredited = req.Accredited,
            }, now), now, recorder, ct);
        }, created => StoredResponse.Json(StatusCodes.Status201Created, $"/meetings/{created.Meeting.Id}/slots/{created.Slot.Id}",
            SlotResponse.From(created.Slot, created.Meeting.Details.TimeZone), created.Slot.Version), ct);
}

using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>A surgeon operating in a surgery demonstration.</summary>
public sealed class OperatingSurgeonDto
{
    /// <summary>The faculty member operating.</summary>
    public Guid? FacultyId { get; init; }

    /// <summary>lead or assistant.</summary>
    public SurgeonRole? Role { get; init; }
}

/// <summary>The writable fields of a slot, shared by create and the PATCH merge. No field holds a
/// patient identifier: a case is described by its procedure and approach only.</summary>
public class SlotBody
{
    /// <summary>What kind of programme item it is (required when creating).</summary>
    public SlotKind? Kind { get; init; }

    /// <summary>Title as printed in the programme (required when creating).</summary>
    public string? Title { get; init; }

    /// <summary>When the slot starts, inside the meeting's window (required when creating).</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>When the slot ends, after startsAt (required when creating).</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Room or stream channel; default "main". Slots on one channel of a meeting must not overlap.</summary>
    public string? Channel { get; init; }

    /// <summary>Faculty members who speak.</summary>
    public IReadOnlyList<Guid>? SpeakerIds { get; init; }

    /// <summary>Faculty members who moderate.</summary>
    public IReadOnlyList<Guid>? ModeratorIds { get; init; }

    /// <summary>surgery_demo only: the operation, e.g. "laparoscopic right hepatectomy". Never patient data.</summary>
    public string? Procedure { get; init; }

    /// <summary>surgery_demo only.</summary>
    public SurgicalApproach? Approach { get; init; }

    /// <summary>surgery_demo only: at least one with role lead.</summary>
    public IReadOnlyList<OperatingSurgeonDto>? OperatingSurgeons { get; init; }

    /// <summary>surgery_demo only: the hospital whose theatre the case is operated and streamed from.</summary>
    public Guid? OriginHospitalId { get; init; }

    /// <summary>surgery_demo only: the patient's consent to the broadcast is on record. Required before the case goes live.</summary>
    public bool? ConsentRecorded { get; init; }

    /// <summary>surgery_demo only: the hospital's reference to its consent record (form number), never a patient identifier. Never public.</summary>
    public string? ConsentReference { get; init; }

    /// <summary>The texts in other languages, e.g. {"en": {"title": "...", "procedure": "..."}}; checked like the fields they
    /// translate. In a PATCH a language sent replaces that language's texts, null removes it.</summary>
    public SlotTranslationsDto? Translations { get; init; }

    /// <summary>Whether the slot's time counts for CME credits. Default (leave out, or null in a PATCH): true for
    /// surgery_demo, lecture and discussion; false for break and ceremony.</summary>
    public bool? Accredited { get; init; }
}

public static class SlotBodyRules
{
    /// <summary>Shape and size checks; the domain (SlotDetails.Validate) checks the meaning.</summary>
    public static void Apply<T>(FastEndpoints.Validator<T> v) where T : SlotBody
    {
        v.RuleFor(x => x.Title).MaximumLength(SlotDetails.MaxTitleLength);
        v.RuleFor(x => x.Channel).MaximumLength(SlotDetails.MaxChannelLength);
        v.RuleFor(x => x.Procedure).MaximumLength(SlotDetails.MaxProcedureLength);
        v.RuleFor(x => x.ConsentReference).MaximumLength(SlotDetails.MaxConsentReferenceLength);
        v.RuleFor(x => x.SpeakerIds).MaxCount(SlotDetails.MaxPeople).WithMessage($"At most {SlotDetails.MaxPeople} speakers.");
        v.RuleFor(x => x.ModeratorIds).MaxCount(SlotDetails.MaxPeople).WithMessage($"At most {SlotDetails.MaxPeople} moderators.");
        v.RuleFor(x => x.OperatingSurgeons).MaxCount(SlotDetails.MaxPeople).WithMessage($"At most {SlotDetails.MaxPeople} operating surgeons.");
        v.RuleForEach(x => x.OperatingSurgeons).NotNull().When(x => x.OperatingSurgeons is not null);
        v.RuleForEach(x => x.OperatingSurgeons).ChildRules(s =>
        {
            s.RuleFor(x => x.FacultyId).NotNull().NotEqual(Guid.Empty);
            s.RuleFor(x => x.Role).NotNull();
        }).When(x => x.OperatingSurgeons is not null);
    }

    public static IReadOnlyList<OperatingSurgeon> ToSurgeons(IReadOnlyList<OperatingSurgeonDto>? list) =>
        list?.Select(s => new OperatingSurgeon(s.FacultyId!.Value, s.Role!.Value)).ToArray() ?? [];
}

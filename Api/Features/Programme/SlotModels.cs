using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

public sealed class OperatingSurgeonDto
{
    public Guid? FacultyId { get; init; }
    public SurgeonRole? Role { get; init; }
}

/// <summary>The writable fields of a slot, shared by create and the PATCH merge. No field holds a
/// patient identifier: a case is described by its procedure and approach only.</summary>
public class SlotBody
{
    public SlotKind? Kind { get; init; }
    public string? Title { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Room or stream channel; default "main". Slots on one channel of a meeting must not overlap.</summary>
    public string? Channel { get; init; }

    public IReadOnlyList<Guid>? SpeakerIds { get; init; }
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

    /// <summary>The texts in other languages, keyed by language (zh or en), e.g. {"en": {"title": "...", "procedure": "..."}};
    /// checked like the fields they translate. In a PATCH a language replaces that language's texts, null removes it.</summary>
    public SlotTranslationsDto? Translations { get; init; }
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
        v.RuleFor(x => x.SpeakerIds).Must(l => l is null || l.Count <= SlotDetails.MaxPeople).WithMessage($"At most {SlotDetails.MaxPeople} speakers.");
        v.RuleFor(x => x.ModeratorIds).Must(l => l is null || l.Count <= SlotDetails.MaxPeople).WithMessage($"At most {SlotDetails.MaxPeople} moderators.");
        v.RuleFor(x => x.OperatingSurgeons).Must(l => l is null || l.Count <= SlotDetails.MaxPeople).WithMessage($"At most {SlotDetails.MaxPeople} operating surgeons.");
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

public sealed class SlotStatusEntry
{
    /// <summary>Also the event id on the live feed.</summary>
    public required long Id { get; init; }

    public required LiveStatus From { get; init; }
    public required LiveStatus To { get; init; }
    public required DateTimeOffset? ExpectedStartAt { get; init; }
    public required string? Note { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A slot as organisers see it, including consent details and the live status history.</summary>
public sealed class SlotResponse
{
    public required Guid Id { get; init; }
    public required Guid MeetingId { get; init; }
    public required SlotKind Kind { get; init; }
    public required string Title { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required string Channel { get; init; }
    public required IReadOnlyList<Guid> SpeakerIds { get; init; }
    public required IReadOnlyList<Guid> ModeratorIds { get; init; }
    public required string? Procedure { get; init; }
    public required SurgicalApproach? Approach { get; init; }
    public required IReadOnlyList<OperatingSurgeonDto> OperatingSurgeons { get; init; }
    public required Guid? OriginHospitalId { get; init; }
    public required bool ConsentRecorded { get; init; }
    public required string? ConsentReference { get; init; }
    public required LiveStatus LiveStatus { get; init; }
    public required DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>Live status changes, oldest first. Empty in lists.</summary>
    public required IReadOnlyList<SlotStatusEntry> StatusHistory { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
    public required int Version { get; init; }

    /// <summary>The texts in other languages, keyed by language (zh, en); empty when there are none.</summary>
    public required SlotTranslationsDto Translations { get; init; }

    public static SlotResponse From(Slot s, string timeZone, IReadOnlyList<Storage.SlotHistoryRow>? history = null)
    {
        var d = s.Details;
        return new SlotResponse
        {
            Id = s.Id,
            MeetingId = s.MeetingId,
            Kind = d.Kind,
            Title = d.Title,
            StartsAt = Instants.InZone(d.StartsAt, timeZone),
            EndsAt = Instants.InZone(d.EndsAt, timeZone),
            Channel = d.Channel,
            SpeakerIds = d.SpeakerIds,
            ModeratorIds = d.ModeratorIds,
            Procedure = d.Procedure,
            Approach = d.Approach,
            OperatingSurgeons = d.OperatingSurgeons.Select(o => new OperatingSurgeonDto { FacultyId = o.FacultyId, Role = o.Role }).ToArray(),
            OriginHospitalId = d.OriginHospitalId,
            ConsentRecorded = d.ConsentRecorded,
            ConsentReference = d.ConsentReference,
            LiveStatus = s.LiveStatus,
            ExpectedStartAt = Instants.InZone(s.ExpectedStartAt, timeZone),
            StatusHistory = (history ?? []).Select(h => new SlotStatusEntry
            {
                Id = h.Id,
                From = h.From,
                To = h.To,
                ExpectedStartAt = Instants.InZone(h.ExpectedStartAt, timeZone),
                Note = h.Note,
                OccurredAt = Instants.InZone(h.OccurredAt, timeZone),
            }).ToArray(),
            UpdatedAt = Instants.InZone(s.UpdatedAt, timeZone),
            Version = s.Version,
            Translations = SlotTranslationsDto.From(d.Translations),
        };
    }
}

/// <summary>A person in the public programme.</summary>
public sealed class ProgrammePerson
{
    public required Guid FacultyId { get; init; }
    public required string FullName { get; init; }

    /// <summary>e.g. Professor, Director.</summary>
    public required string? Title { get; init; }

    public required Guid HospitalId { get; init; }
    public required string HospitalName { get; init; }

    /// <summary>For operating surgeons: lead or assistant; null otherwise.</summary>
    public required SurgeonRole? Role { get; init; }
}

public sealed class ProgrammeHospital
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string City { get; init; }
}

/// <summary>The public view of a slot: names instead of ids, current live status; no consent details, no stream.</summary>
public sealed class ProgrammeSlot
{
    public required Guid Id { get; init; }
    public required Guid MeetingId { get; init; }
    public required SlotKind Kind { get; init; }
    public required string Title { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required string Channel { get; init; }
    public required LiveStatus LiveStatus { get; init; }
    public required DateTimeOffset? ExpectedStartAt { get; init; }
    public required string? Procedure { get; init; }
    public required SurgicalApproach? Approach { get; init; }

    /// <summary>Where a surgery case is operated and streamed from.</summary>
    public required ProgrammeHospital? OriginHospital { get; init; }

    public required IReadOnlyList<ProgrammePerson> OperatingSurgeons { get; init; }
    public required IReadOnlyList<ProgrammePerson> Speakers { get; init; }
    public required IReadOnlyList<ProgrammePerson> Moderators { get; init; }
    public required int Version { get; init; }

    /// <summary>The title and procedure in other languages, keyed by language (zh, en); empty when there are none.</summary>
    public required SlotTranslationsDto Translations { get; init; }
}

public sealed class ProgrammeResponse
{
    public required Guid MeetingId { get; init; }
    public required string Title { get; init; }
    public required MeetingStatus Status { get; init; }
    public required string TimeZone { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required VenueDto? Venue { get; init; }

    /// <summary>In start order (then channel).</summary>
    public required IReadOnlyList<ProgrammeSlot> Slots { get; init; }
}

/// <summary>One live status change as the live feed sends it (the SSE event's data) and the
/// slot.status_changed webhook carries it.</summary>
public sealed class LiveStatusEvent
{
    public required Guid MeetingId { get; init; }
    public required Guid SlotId { get; init; }
    public required LiveStatus From { get; init; }
    public required LiveStatus To { get; init; }
    public required DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>The organiser's note; public.</summary>
    public required string? Note { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
    public required ProgrammeSlot Slot { get; init; }
}

public static class ProgrammeVisibility
{
    /// <summary>The public sees the programme of a meeting once published (also when later cancelled or completed).</summary>
    public static bool IsVisibleTo(Meeting meeting, Auth.Caller caller) => MeetingResponse.IsVisibleTo(meeting, caller);
}

using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Domain.Meetings;
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

/// <summary>One live status change of a slot.</summary>
public sealed class SlotStatusEntry
{
    /// <summary>Also the event id on the live feed.</summary>
    public required long Id { get; init; }

    public required LiveStatus From { get; init; }
    public required LiveStatus To { get; init; }

    /// <summary>For delayed: when it is now expected to start.</summary>
    public required DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>The organiser's note, e.g. "Theatre turnover".</summary>
    public required string? Note { get; init; }

    /// <summary>When the status changed.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A slot as organisers see it, including consent details and the live status history.</summary>
public sealed class SlotResponse
{
    /// <summary>The slot's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The meeting the slot belongs to.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>What kind of programme item it is.</summary>
    public required SlotKind Kind { get; init; }

    /// <summary>Title as printed in the programme.</summary>
    public required string Title { get; init; }

    /// <summary>When the slot starts.</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>When the slot ends.</summary>
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>Room or stream channel.</summary>
    public required string Channel { get; init; }

    /// <summary>Faculty members who speak.</summary>
    public required IReadOnlyList<Guid> SpeakerIds { get; init; }

    /// <summary>Faculty members who moderate.</summary>
    public required IReadOnlyList<Guid> ModeratorIds { get; init; }

    /// <summary>surgery_demo: the operation; null otherwise.</summary>
    public required string? Procedure { get; init; }

    /// <summary>surgery_demo: the surgical approach; null otherwise.</summary>
    public required SurgicalApproach? Approach { get; init; }

    /// <summary>surgery_demo: who operates; empty otherwise.</summary>
    public required IReadOnlyList<OperatingSurgeonDto> OperatingSurgeons { get; init; }

    /// <summary>surgery_demo: the hospital whose theatre the case is streamed from; null otherwise.</summary>
    public required Guid? OriginHospitalId { get; init; }

    /// <summary>surgery_demo: the patient's consent to the broadcast is on record.</summary>
    public required bool ConsentRecorded { get; init; }

    /// <summary>surgery_demo: the hospital's reference to its consent record; null if not given.</summary>
    public required string? ConsentReference { get; init; }

    /// <summary>Where the slot stands on the day.</summary>
    public required LiveStatus LiveStatus { get; init; }

    /// <summary>When delayed: when it is now expected to start; null otherwise.</summary>
    public required DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>Live status changes, oldest first. Empty in lists.</summary>
    public required IReadOnlyList<SlotStatusEntry> StatusHistory { get; init; }

    /// <summary>When the slot last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Row version, also the ETag; rises with every change.</summary>
    public required int Version { get; init; }

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
        };
    }
}

/// <summary>A person in the public programme.</summary>
public sealed class ProgrammePerson
{
    /// <summary>The faculty member.</summary>
    public required Guid FacultyId { get; init; }

    /// <summary>Full name as printed.</summary>
    public required string FullName { get; init; }

    /// <summary>e.g. Professor, Director.</summary>
    public required string? Title { get; init; }

    /// <summary>Their hospital.</summary>
    public required Guid HospitalId { get; init; }

    /// <summary>Their hospital's name.</summary>
    public required string HospitalName { get; init; }

    /// <summary>For operating surgeons: lead or assistant; null otherwise.</summary>
    public required SurgeonRole? Role { get; init; }
}

/// <summary>A hospital as the public programme names it.</summary>
public sealed class ProgrammeHospital
{
    /// <summary>The hospital's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The hospital's name.</summary>
    public required string Name { get; init; }

    /// <summary>The hospital's city.</summary>
    public required string City { get; init; }
}

/// <summary>The public view of a slot: names instead of ids, current live status; no consent details, no stream.</summary>
public sealed class ProgrammeSlot
{
    /// <summary>The slot's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The meeting the slot belongs to.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>What kind of programme item it is.</summary>
    public required SlotKind Kind { get; init; }

    /// <summary>Title as printed in the programme.</summary>
    public required string Title { get; init; }

    /// <summary>When the slot starts.</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>When the slot ends.</summary>
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>Room or stream channel.</summary>
    public required string Channel { get; init; }

    /// <summary>Where the slot stands on the day.</summary>
    public required LiveStatus LiveStatus { get; init; }

    /// <summary>When delayed: when it is now expected to start; null otherwise.</summary>
    public required DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>surgery_demo: the operation; null otherwise.</summary>
    public required string? Procedure { get; init; }

    /// <summary>surgery_demo: the surgical approach; null otherwise.</summary>
    public required SurgicalApproach? Approach { get; init; }

    /// <summary>Where a surgery case is operated and streamed from.</summary>
    public required ProgrammeHospital? OriginHospital { get; init; }

    /// <summary>surgery_demo: who operates, lead first.</summary>
    public required IReadOnlyList<ProgrammePerson> OperatingSurgeons { get; init; }

    /// <summary>Who speaks.</summary>
    public required IReadOnlyList<ProgrammePerson> Speakers { get; init; }

    /// <summary>Who moderates.</summary>
    public required IReadOnlyList<ProgrammePerson> Moderators { get; init; }

    /// <summary>The slot's version; rises with every change.</summary>
    public required int Version { get; init; }
}

/// <summary>A meeting's public programme.</summary>
public sealed class ProgrammeResponse
{
    /// <summary>The meeting.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>The meeting's title.</summary>
    public required string Title { get; init; }

    /// <summary>The meeting's status.</summary>
    public required MeetingStatus Status { get; init; }

    /// <summary>The meeting's IANA time zone; all times are given in it.</summary>
    public required string TimeZone { get; init; }

    /// <summary>When the meeting starts.</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>When the meeting ends.</summary>
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>The hall; null for online meetings.</summary>
    public required VenueDto? Venue { get; init; }

    /// <summary>In start order (then channel).</summary>
    public required IReadOnlyList<ProgrammeSlot> Slots { get; init; }
}

/// <summary>One live status change as the live feed sends it (the SSE event's data) and the
/// slot.status_changed webhook carries it.</summary>
public sealed class LiveStatusEvent
{
    /// <summary>The meeting.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>The slot whose status changed.</summary>
    public required Guid SlotId { get; init; }

    /// <summary>The status before.</summary>
    public required LiveStatus From { get; init; }

    /// <summary>The status now.</summary>
    public required LiveStatus To { get; init; }

    /// <summary>For delayed: when the slot is now expected to start.</summary>
    public required DateTimeOffset? ExpectedStartAt { get; init; }

    /// <summary>The organiser's note; public.</summary>
    public required string? Note { get; init; }

    /// <summary>When the status changed.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The slot as the public programme shows it now.</summary>
    public required ProgrammeSlot Slot { get; init; }
}

public static class ProgrammeVisibility
{
    /// <summary>The public sees the programme of a meeting once published (also when later cancelled or completed).</summary>
    public static bool IsVisibleTo(Meeting meeting, Auth.Caller caller) => MeetingResponse.IsVisibleTo(meeting, caller);
}

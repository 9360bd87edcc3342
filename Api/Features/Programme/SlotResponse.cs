using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

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

    /// <summary>Whether the slot's time counts for CME credits (as set, else the default of its kind).</summary>
    public required bool Accredited { get; init; }

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

    /// <summary>The texts in other languages (zh, en); a language left out falls back to the entered text.</summary>
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
            Accredited = d.IsAccredited,
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

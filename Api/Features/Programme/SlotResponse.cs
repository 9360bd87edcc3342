using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

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

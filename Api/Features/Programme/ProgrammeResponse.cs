using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

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

    /// <summary>The title and procedure in other languages (zh, en); a language left out falls back to the entered text.</summary>
    public required SlotTranslationsDto Translations { get; init; }

    public static ProgrammeSlot From(LoadedSlot loaded, string timeZone)
    {
        var s = loaded.Slot;
        var d = s.Details;
        ProgrammePerson[] People(Func<SlotPerson, bool> which) => loaded.People
            .Where(which)
            .OrderBy(p => p.Role == SlotPerson.Roles.Lead ? 0 : 1).ThenBy(p => p.Position)
            .Select(p => new ProgrammePerson
            {
                FacultyId = p.FacultyId,
                FullName = p.FullName,
                Title = p.Title,
                HospitalId = p.HospitalId,
                HospitalName = p.HospitalName,
                Role = p.IsOperatingSurgeon ? EnumText.Parse<SurgeonRole>(p.Role) : null,
            }).ToArray();
        return new ProgrammeSlot
        {
            Id = s.Id,
            MeetingId = s.MeetingId,
            Kind = d.Kind,
            Title = d.Title,
            StartsAt = Instants.InZone(d.StartsAt, timeZone),
            EndsAt = Instants.InZone(d.EndsAt, timeZone),
            Channel = d.Channel,
            LiveStatus = s.LiveStatus,
            ExpectedStartAt = Instants.InZone(s.ExpectedStartAt, timeZone),
            Procedure = d.Procedure,
            Approach = d.Approach,
            OriginHospital = loaded.OriginHospital is { } h ? new ProgrammeHospital { Id = h.Id, Name = h.Name, City = h.City } : null,
            OperatingSurgeons = People(p => p.IsOperatingSurgeon),
            Speakers = People(p => p.Role == SlotPerson.Roles.Speaker),
            Moderators = People(p => p.Role == SlotPerson.Roles.Moderator),
            Version = s.Version,
            Translations = SlotTranslationsDto.From(d.Translations),
        };
    }
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

    public static ProgrammeResponse From(Meeting meeting, IReadOnlyList<LoadedSlot> slots)
    {
        var d = meeting.Details;
        return new ProgrammeResponse
        {
            MeetingId = meeting.Id,
            Title = d.Title,
            Status = meeting.Status,
            TimeZone = d.TimeZone,
            StartsAt = Instants.InZone(d.StartsAt, d.TimeZone),
            EndsAt = Instants.InZone(d.EndsAt, d.TimeZone),
            Venue = d.Venue is null ? null : new VenueDto { Name = d.Venue.Name, Address = d.Venue.Address },
            Slots = slots.Select(s => ProgrammeSlot.From(s, d.TimeZone)).ToList(),
        };
    }
}

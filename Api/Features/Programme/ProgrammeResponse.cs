using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

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

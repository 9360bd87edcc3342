using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Meetings;

/// <summary>Where the in-person part takes place.</summary>
public sealed class VenueDto
{
    /// <summary>e.g. Hanzhong 3201 Hospital, Academic Lecture Hall.</summary>
    public string? Name { get; init; }

    /// <summary>Street address or city, as attendees need it.</summary>
    public string? Address { get; init; }
}

/// <summary>Where the meeting is streamed.</summary>
public sealed class StreamDto
{
    /// <summary>e.g. "Alliance live platform", "WeChat Channels".</summary>
    public string? Platform { get; init; }

    /// <summary>The stream link (http or https).</summary>
    public string? Url { get; init; }
}

/// <summary>A meeting. Times are in the meeting's own time zone.</summary>
public sealed class MeetingResponse
{
    /// <summary>The meeting's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Title as announced.</summary>
    public required string Title { get; init; }

    /// <summary>The series the meeting belongs to, e.g. "Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting"; null if none.</summary>
    public required string? Series { get; init; }

    /// <summary>Its number within the series (1, 2, ...); null if none.</summary>
    public required int? SeriesNumber { get; init; }

    /// <summary>Whether it happens in a hall, on a stream or both.</summary>
    public required MeetingFormat Format { get; init; }

    /// <summary>The language mails to attendees are written in (zh or en), unless a registration chose its own.</summary>
    public required Domain.Common.Language Language { get; init; }

    /// <summary>IANA time zone of the meeting; its times are given in it.</summary>
    public required string TimeZone { get; init; }

    /// <summary>When the meeting starts.</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>When the meeting ends.</summary>
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>City of the venue.</summary>
    public required string? City { get; init; }

    /// <summary>Province of the venue.</summary>
    public required string? Province { get; init; }

    /// <summary>The hall; null for online meetings.</summary>
    public required VenueDto? Venue { get; init; }

    /// <summary>Only for organisers and admins; null for everyone else.</summary>
    public required StreamDto? Stream { get; init; }

    /// <summary>The hospital that hosts the meeting.</summary>
    public required Guid HostHospitalId { get; init; }

    /// <summary>Hospitals that co-organise it.</summary>
    public required IReadOnlyList<Guid> CoOrganiserHospitalIds { get; init; }

    /// <summary>Faculty members who chair it.</summary>
    public required IReadOnlyList<Guid> ChairIds { get; init; }

    /// <summary>An event it is held together with, e.g. an annual congress; null if none.</summary>
    public required string? InConjunctionWith { get; init; }

    /// <summary>Null: unlimited.</summary>
    public required int? InPersonCapacity { get; init; }

    /// <summary>Null: unlimited.</summary>
    public required int? OnlineCapacity { get; init; }

    /// <summary>When sign-up opens; null: when published.</summary>
    public required DateTimeOffset? RegistrationOpensAt { get; init; }

    /// <summary>When sign-up closes; null: when the meeting ends.</summary>
    public required DateTimeOffset? RegistrationClosesAt { get; init; }
    public required MeetingStatus Status { get; init; }

    /// <summary>Why it was cancelled; null unless cancelled.</summary>
    public required string? CancellationReason { get; init; }

    /// <summary>When it was first published; null for drafts.</summary>
    public required DateTimeOffset? PublishedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Row version, also the ETag; rises with every change.</summary>
    public required int Version { get; init; }

    /// <summary>The texts in other languages, keyed by language (zh, en); empty when there are none.</summary>
    public required MeetingTranslationsDto Translations { get; init; }

    public static MeetingResponse From(Meeting m, Caller caller)
    {
        var d = m.Details;
        var tz = d.TimeZone;
        return new MeetingResponse
        {
            Id = m.Id,
            Title = d.Title,
            Series = d.Series,
            SeriesNumber = d.SeriesNumber,
            Format = d.Format,
            Language = d.Language,
            TimeZone = tz,
            StartsAt = Instants.InZone(d.StartsAt, tz),
            EndsAt = Instants.InZone(d.EndsAt, tz),
            City = d.City,
            Province = d.Province,
            Venue = d.Venue is null ? null : new VenueDto { Name = d.Venue.Name, Address = d.Venue.Address },
            Stream = caller.IsStaff && d.Stream is not null ? new StreamDto { Platform = d.Stream.Platform, Url = d.Stream.Url } : null,
            HostHospitalId = d.HostHospitalId,
            CoOrganiserHospitalIds = d.CoOrganiserHospitalIds,
            ChairIds = d.ChairIds,
            InConjunctionWith = d.InConjunctionWith,
            InPersonCapacity = d.InPersonCapacity,
            OnlineCapacity = d.OnlineCapacity,
            RegistrationOpensAt = Instants.InZone(d.RegistrationOpensAt, tz),
            RegistrationClosesAt = Instants.InZone(d.RegistrationClosesAt, tz),
            Status = m.Status,
            CancellationReason = m.CancellationReason,
            PublishedAt = Instants.InZone(m.PublishedAt, tz),
            UpdatedAt = Instants.InZone(m.UpdatedAt, tz),
            Version = m.Version,
            Translations = MeetingTranslationsDto.From(d.Translations),
        };
    }

    /// <summary>Drafts exist only for staff; a meeting once published (even if later cancelled) is public record.</summary>
    public static bool IsVisibleTo(Meeting m, Caller caller) => caller.IsStaff || m.PublishedAt is not null;
}

/// <summary>The writable fields of a meeting, shared by create and the PATCH merge.</summary>
public class MeetingBody
{
    /// <summary>Title as announced (required when creating).</summary>
    public string? Title { get; init; }

    /// <summary>The series the meeting belongs to.</summary>
    public string? Series { get; init; }

    /// <summary>Its number within the series, from 1.</summary>
    public int? SeriesNumber { get; init; }

    /// <summary>hybrid (hall and stream, the default), in_person or online.</summary>
    public MeetingFormat? Format { get; init; }

    /// <summary>zh (default) or en: the language of mails to attendees who registered without choosing one.</summary>
    public Domain.Common.Language? Language { get; init; }

    /// <summary>IANA time zone; default Asia/Shanghai.</summary>
    public string? TimeZone { get; init; }

    /// <summary>When the meeting starts (RFC 3339 with offset; required when creating).</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>When the meeting ends (after startsAt, on the same or a later day; required when creating).</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>City of the venue.</summary>
    public string? City { get; init; }

    /// <summary>Province of the venue.</summary>
    public string? Province { get; init; }

    /// <summary>Required unless the format is online.</summary>
    public VenueDto? Venue { get; init; }

    /// <summary>Required unless the format is in_person. Never shown to the public.</summary>
    public StreamDto? Stream { get; init; }

    /// <summary>The hospital that hosts the meeting (required when creating).</summary>
    public Guid? HostHospitalId { get; init; }

    /// <summary>Hospitals that co-organise it.</summary>
    public IReadOnlyList<Guid>? CoOrganiserHospitalIds { get; init; }

    /// <summary>Faculty members who chair it.</summary>
    public IReadOnlyList<Guid>? ChairIds { get; init; }

    /// <summary>An event it is held together with, e.g. an annual congress.</summary>
    public string? InConjunctionWith { get; init; }

    /// <summary>Seats in the hall; null: unlimited.</summary>
    public int? InPersonCapacity { get; init; }

    /// <summary>Places on the stream; null: unlimited.</summary>
    public int? OnlineCapacity { get; init; }

    /// <summary>Default: when the meeting is published.</summary>
    public DateTimeOffset? RegistrationOpensAt { get; init; }

    /// <summary>Default: when the meeting ends.</summary>
    public DateTimeOffset? RegistrationClosesAt { get; init; }

    /// <summary>The texts in other languages, keyed by language (zh or en), e.g. {"en": {"title": "...", "venueName": "..."}};
    /// checked like the fields they translate. Pages and the calendar show the reader's language and fall back to the entered text.
    /// In a PATCH a language replaces that language's texts, null removes it.</summary>
    public MeetingTranslationsDto? Translations { get; init; }
}

public static class MeetingBodyRules
{
    /// <summary>Shape and size checks; the domain (MeetingDetails.Validate) checks the meaning.</summary>
    public static void Apply<T>(FastEndpoints.Validator<T> v) where T : MeetingBody
    {
        v.RuleFor(x => x.Title).MaximumLength(MeetingDetails.MaxTitleLength);
        v.RuleFor(x => x.Series).MaximumLength(MeetingDetails.MaxSeriesLength);
        v.RuleFor(x => x.TimeZone).MaximumLength(64);
        v.RuleFor(x => x.City).MaximumLength(MeetingDetails.MaxPlaceLength);
        v.RuleFor(x => x.Province).MaximumLength(MeetingDetails.MaxPlaceLength);
        v.RuleFor(x => x.InConjunctionWith).MaximumLength(MeetingDetails.MaxConjunctionLength);
        v.RuleFor(x => x.Venue!.Name).MaximumLength(Venue.MaxNameLength).When(x => x.Venue is not null);
        v.RuleFor(x => x.Venue!.Address).MaximumLength(Venue.MaxAddressLength).When(x => x.Venue is not null);
        v.RuleFor(x => x.Stream!.Platform).MaximumLength(StreamInfo.MaxPlatformLength).When(x => x.Stream is not null);
        v.RuleFor(x => x.Stream!.Url).MaximumLength(StreamInfo.MaxUrlLength).When(x => x.Stream is not null);
        v.RuleFor(x => x.CoOrganiserHospitalIds).MaxCount(MeetingDetails.MaxCoOrganisers).WithMessage($"At most {MeetingDetails.MaxCoOrganisers} co-organisers.");
        v.RuleFor(x => x.ChairIds).MaxCount(MeetingDetails.MaxChairs).WithMessage($"At most {MeetingDetails.MaxChairs} chairs.");
    }

    public static Venue? ToVenue(VenueDto? dto) => dto is null ? null : Venue.Create(dto.Name, dto.Address);

    public static StreamInfo? ToStream(StreamDto? dto) => dto is null ? null : StreamInfo.Create(dto.Platform, dto.Url);
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Meetings;

public sealed class VenueDto
{
    public string? Name { get; init; }
    public string? Address { get; init; }
}

public sealed class StreamDto
{
    /// <summary>e.g. "Alliance live platform", "WeChat Channels".</summary>
    public string? Platform { get; init; }

    public string? Url { get; init; }
}

public sealed class MeetingResponse
{
    public required Guid Id { get; init; }
    public required string Title { get; init; }
    public required string? Series { get; init; }
    public required int? SeriesNumber { get; init; }
    public required MeetingFormat Format { get; init; }
    public required string TimeZone { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required string? City { get; init; }
    public required string? Province { get; init; }
    public required VenueDto? Venue { get; init; }

    /// <summary>Only for organisers and admins; null for everyone else.</summary>
    public required StreamDto? Stream { get; init; }

    public required Guid HostHospitalId { get; init; }
    public required IReadOnlyList<Guid> CoOrganiserHospitalIds { get; init; }
    public required IReadOnlyList<Guid> ChairIds { get; init; }
    public required string? InConjunctionWith { get; init; }

    /// <summary>Null: unlimited.</summary>
    public required int? InPersonCapacity { get; init; }

    /// <summary>Null: unlimited.</summary>
    public required int? OnlineCapacity { get; init; }

    public required DateTimeOffset? RegistrationOpensAt { get; init; }
    public required DateTimeOffset? RegistrationClosesAt { get; init; }
    public required MeetingStatus Status { get; init; }
    public required string? CancellationReason { get; init; }
    public required DateTimeOffset? PublishedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
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
    public string? Title { get; init; }
    public string? Series { get; init; }
    public int? SeriesNumber { get; init; }
    public MeetingFormat? Format { get; init; }

    /// <summary>IANA time zone; default Asia/Shanghai.</summary>
    public string? TimeZone { get; init; }

    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string? City { get; init; }
    public string? Province { get; init; }

    /// <summary>Required unless the format is online.</summary>
    public VenueDto? Venue { get; init; }

    /// <summary>Required unless the format is in_person. Never shown to the public.</summary>
    public StreamDto? Stream { get; init; }

    public Guid? HostHospitalId { get; init; }
    public IReadOnlyList<Guid>? CoOrganiserHospitalIds { get; init; }
    public IReadOnlyList<Guid>? ChairIds { get; init; }
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
        v.RuleFor(x => x.CoOrganiserHospitalIds).Must(l => l is null || l.Count <= MeetingDetails.MaxCoOrganisers)
            .WithMessage($"At most {MeetingDetails.MaxCoOrganisers} co-organisers.");
        v.RuleFor(x => x.ChairIds).Must(l => l is null || l.Count <= MeetingDetails.MaxChairs)
            .WithMessage($"At most {MeetingDetails.MaxChairs} chairs.");
    }

    public static Venue? ToVenue(VenueDto? dto) => dto is null ? null : Venue.Create(dto.Name, dto.Address);

    public static StreamInfo? ToStream(StreamDto? dto) => dto is null ? null : StreamInfo.Create(dto.Platform, dto.Url);
}

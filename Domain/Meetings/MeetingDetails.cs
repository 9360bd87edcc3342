using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Meetings;

public sealed record Venue(string Name, string? Address)
{
    public const int MaxNameLength = 200;
    public const int MaxAddressLength = 500;

    public static Venue Create(string? name, string? address) =>
        new(Text.Required(name, "venue.name", MaxNameLength), Text.Optional(address, "venue.address", MaxAddressLength));
}

public sealed record StreamInfo(string Platform, string Url)
{
    public const int MaxPlatformLength = 100;
    public const int MaxUrlLength = 2000;

    public static StreamInfo Create(string? platform, string? url)
    {
        var checkedPlatform = Text.Required(platform, "stream.platform", MaxPlatformLength);
        var checkedUrl = Text.Required(url, "stream.url", MaxUrlLength);
        // Only web links: attendees open them in a browser or player, never a file: or javascript: URL.
        if (!Uri.TryCreate(checkedUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw RuleViolation.Invalid(MeetingRules.StreamUrlInvalid, "'stream.url' must be an absolute http or https URL.", "stream.url");
        }

        return new StreamInfo(checkedPlatform, checkedUrl);
    }
}

/// <summary>Everything an organiser can set on a meeting. <see cref="Validate"/> applies every rule
/// that does not depend on the meeting's state, so create and edit check exactly the same things.</summary>
public sealed record MeetingDetails
{
    public const int MaxTitleLength = 300;
    public const int MaxSeriesLength = 200;
    public const int MaxConjunctionLength = 300;
    public const int MaxPlaceLength = 100;
    public const int MaxCapacity = 1_000_000;
    public const int MaxCoOrganisers = 20;
    public const int MaxChairs = 20;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(14);

    /// <summary>Instants outside these bounds are typos, and near the ends of the calendar arithmetic overflows.</summary>
    public static readonly DateTimeOffset EarliestInstant = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestInstant = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Registration may open at most this long before the meeting starts.</summary>
    public static readonly TimeSpan MaxRegistrationLead = TimeSpan.FromDays(730);

    public required string Title { get; init; }
    public string? Series { get; init; }
    public int? SeriesNumber { get; init; }
    public MeetingFormat Format { get; init; } = MeetingFormat.Hybrid;

    /// <summary>The language of mails to its attendees, unless a registration chose its own.</summary>
    public Language Language { get; init; } = Language.Zh;

    public string TimeZone { get; init; } = "Asia/Shanghai";
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public string? City { get; init; }
    public string? Province { get; init; }
    public Venue? Venue { get; init; }
    public StreamInfo? Stream { get; init; }
    public required Guid HostHospitalId { get; init; }
    public IReadOnlyList<Guid> CoOrganiserHospitalIds { get; init; } = [];
    public IReadOnlyList<Guid> ChairIds { get; init; } = [];
    public string? InConjunctionWith { get; init; }
    public int? InPersonCapacity { get; init; }
    public int? OnlineCapacity { get; init; }
    public DateTimeOffset? RegistrationOpensAt { get; init; }
    public DateTimeOffset? RegistrationClosesAt { get; init; }

    /// <summary>The texts in other languages, keyed by language (zh, en); empty when there are none.</summary>
    public IReadOnlyDictionary<string, MeetingTranslation> Translations { get; init; } = new Dictionary<string, MeetingTranslation>();

    /// <summary>Returns a normalised copy (trimmed text, UTC instants, distinct ids) or throws the first broken rule.</summary>
    public MeetingDetails Validate()
    {
        var title = Text.Required(Title, "title", MaxTitleLength);
        var series = Text.Optional(Series, "series", MaxSeriesLength);
        if (SeriesNumber is < 1 or > 10_000)
        {
            throw RuleViolation.Invalid(MeetingRules.SeriesNumberInvalid, "'seriesNumber' must be between 1 and 10000.", "seriesNumber");
        }

        // IANA ids only (the contract says so); Windows names like "China Standard Time" resolve on Linux too.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? "", out _) || !TimeZoneInfo.TryConvertIanaIdToWindowsId(TimeZone ?? "", out _))
        {
            throw RuleViolation.Invalid(MeetingRules.TimeZoneUnknown, $"'timeZone' must be an IANA time zone such as Asia/Shanghai.", "timeZone");
        }

        foreach (var (value, field) in new[] { ((DateTimeOffset?)StartsAt, "startsAt"), (EndsAt, "endsAt"), (RegistrationOpensAt, "registrationOpensAt"), (RegistrationClosesAt, "registrationClosesAt") })
        {
            if (value is { } v && (v < EarliestInstant || v > LatestInstant))
            {
                throw RuleViolation.Invalid(MeetingRules.TimeOutOfRange, $"'{field}' must lie between the years 2000 and 2199.", field);
            }
        }

        if (EndsAt <= StartsAt)
        {
            throw RuleViolation.Invalid(MeetingRules.EndBeforeStart, "'endsAt' must be after 'startsAt'.", "endsAt");
        }

        if (EndsAt - StartsAt > MaxDuration)
        {
            throw RuleViolation.Invalid(MeetingRules.TooLong, $"A meeting may last at most {MaxDuration.TotalDays} days.", "endsAt");
        }

        if (Format != MeetingFormat.Online && Venue is null)
        {
            throw RuleViolation.Invalid(MeetingRules.VenueRequired, "A meeting held in person needs a 'venue'.", "venue");
        }

        if (Format != MeetingFormat.InPerson && Stream is null)
        {
            throw RuleViolation.Invalid(MeetingRules.StreamRequired, "A meeting streamed online needs a 'stream'.", "stream");
        }

        CheckCapacity(InPersonCapacity, "inPersonCapacity");
        CheckCapacity(OnlineCapacity, "onlineCapacity");
        if (Format == MeetingFormat.Online && InPersonCapacity is > 0)
        {
            throw RuleViolation.Invalid(MeetingRules.CapacityNotApplicable, "An online meeting has no in-person seats.", "inPersonCapacity");
        }

        if (Format == MeetingFormat.InPerson && OnlineCapacity is > 0)
        {
            throw RuleViolation.Invalid(MeetingRules.CapacityNotApplicable, "An in-person meeting has no online places.", "onlineCapacity");
        }

        var opens = RegistrationOpensAt?.ToUniversalTime();
        var closes = RegistrationClosesAt?.ToUniversalTime();
        if (opens is { } o && closes is { } c && c <= o)
        {
            throw RuleViolation.Invalid(MeetingRules.RegistrationWindowInvalid, "'registrationClosesAt' must be after 'registrationOpensAt'.", "registrationClosesAt");
        }

        if (closes is { } close && close > EndsAt)
        {
            throw RuleViolation.Invalid(MeetingRules.RegistrationWindowInvalid, "Registration must close by the time the meeting ends.", "registrationClosesAt");
        }

        if (opens is { } open && (open >= EndsAt || open < StartsAt - MaxRegistrationLead))
        {
            throw RuleViolation.Invalid(MeetingRules.RegistrationWindowInvalid, "Registration must open before the meeting ends and at most two years before it starts.", "registrationOpensAt");
        }

        var coOrganisers = CoOrganiserHospitalIds.Distinct().ToArray();
        if (coOrganisers.Length > MaxCoOrganisers)
        {
            throw RuleViolation.Invalid(Text.TooLongCode, $"At most {MaxCoOrganisers} co-organisers.", "coOrganiserHospitalIds");
        }

        var chairs = ChairIds.Distinct().ToArray();
        if (chairs.Length > MaxChairs)
        {
            throw RuleViolation.Invalid(Text.TooLongCode, $"At most {MaxChairs} chairs.", "chairIds");
        }

        var translations = Content.ContentLanguages.Validate(Translations, (t, prefix) => t.Validate(prefix), t => t.IsEmpty);
        if (translations.Values.Any(t => t.VenueName is not null || t.VenueAddress is not null) && Venue is null)
        {
            throw RuleViolation.Invalid(MeetingRules.VenueRequired, "A venue translation needs a 'venue' to translate.", "translations");
        }

        return this with
        {
            Title = title,
            Series = series,
            Translations = translations,
            City = Text.Optional(City, "city", MaxPlaceLength),
            Province = Text.Optional(Province, "province", MaxPlaceLength),
            InConjunctionWith = Text.Optional(InConjunctionWith, "inConjunctionWith", MaxConjunctionLength),
            StartsAt = StartsAt.ToUniversalTime(),
            EndsAt = EndsAt.ToUniversalTime(),
            RegistrationOpensAt = opens,
            RegistrationClosesAt = closes,
            CoOrganiserHospitalIds = coOrganisers.Where(id => id != HostHospitalId).ToArray(),
            ChairIds = chairs,
            // A format without a mode has no capacity for it: store zero so counts stay simple.
            InPersonCapacity = Format == MeetingFormat.Online ? 0 : InPersonCapacity,
            OnlineCapacity = Format == MeetingFormat.InPerson ? 0 : OnlineCapacity,
        };
    }

    /// <summary>Value equality including the id lists (records compare lists by reference).</summary>
    public bool SameAs(MeetingDetails other) =>
        this with { CoOrganiserHospitalIds = Array.Empty<Guid>(), ChairIds = Array.Empty<Guid>(), Translations = NoTranslations }
            == other with { CoOrganiserHospitalIds = Array.Empty<Guid>(), ChairIds = Array.Empty<Guid>(), Translations = NoTranslations }
        && CoOrganiserHospitalIds.SequenceEqual(other.CoOrganiserHospitalIds)
        && ChairIds.SequenceEqual(other.ChairIds)
        && Content.ContentLanguages.SameTranslations(Translations, other.Translations);

    private static readonly IReadOnlyDictionary<string, MeetingTranslation> NoTranslations = new Dictionary<string, MeetingTranslation>();

    private static void CheckCapacity(int? capacity, string field)
    {
        if (capacity is < 0 or > MaxCapacity)
        {
            throw RuleViolation.Invalid(MeetingRules.CapacityInvalid, $"'{field}' must be between 0 and {MaxCapacity}, or null for unlimited.", field);
        }
    }
}

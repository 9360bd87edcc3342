using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Meetings;

/// <summary>A meeting's texts in one language; a text left out falls back to the one entered on the meeting.</summary>
public sealed record MeetingTranslation
{
    public string? Title { get; init; }
    public string? Series { get; init; }
    public string? City { get; init; }
    public string? Province { get; init; }
    public string? VenueName { get; init; }
    public string? VenueAddress { get; init; }
    public string? InConjunctionWith { get; init; }

    public bool IsEmpty => Title is null && Series is null && City is null && Province is null && VenueName is null
                           && VenueAddress is null && InConjunctionWith is null;

    /// <summary>The same checks as the fields it translates (length, no control characters).</summary>
    public MeetingTranslation Validate(string prefix) => new()
    {
        Title = Text.Optional(Title, $"{prefix}.title", MeetingDetails.MaxTitleLength),
        Series = Text.Optional(Series, $"{prefix}.series", MeetingDetails.MaxSeriesLength),
        City = Text.Optional(City, $"{prefix}.city", MeetingDetails.MaxPlaceLength),
        Province = Text.Optional(Province, $"{prefix}.province", MeetingDetails.MaxPlaceLength),
        VenueName = Text.Optional(VenueName, $"{prefix}.venueName", Venue.MaxNameLength),
        VenueAddress = Text.Optional(VenueAddress, $"{prefix}.venueAddress", Venue.MaxAddressLength),
        InConjunctionWith = Text.Optional(InConjunctionWith, $"{prefix}.inConjunctionWith", MeetingDetails.MaxConjunctionLength),
    };
}

/// <summary>The texts of a meeting as a reader of one language sees them: the translation where there is one, else the entered text.</summary>
public sealed record MeetingText(string Title, string? Series, string? City, string? Province, string? VenueName, string? VenueAddress, string? InConjunctionWith)
{
    public static MeetingText For(MeetingDetails d, string? language)
    {
        var t = language is not null && d.Translations.TryGetValue(language, out var found) ? found : new MeetingTranslation();
        return new MeetingText(t.Title ?? d.Title, t.Series ?? d.Series, t.City ?? d.City, t.Province ?? d.Province,
            d.Venue is null ? null : t.VenueName ?? d.Venue.Name, d.Venue is null ? null : t.VenueAddress ?? d.Venue.Address,
            t.InConjunctionWith ?? d.InConjunctionWith);
    }
}

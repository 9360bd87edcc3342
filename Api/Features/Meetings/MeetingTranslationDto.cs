using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Meetings;

/// <summary>A meeting's texts in one language (key zh or en of <c>translations</c>); a text left out falls back to the entered one.</summary>
public sealed class MeetingTranslationDto
{
    public string? Title { get; init; }
    public string? Series { get; init; }
    public string? City { get; init; }
    public string? Province { get; init; }

    /// <summary>Translates venue.name.</summary>
    public string? VenueName { get; init; }

    /// <summary>Translates venue.address.</summary>
    public string? VenueAddress { get; init; }

    public string? InConjunctionWith { get; init; }

    public static IReadOnlyDictionary<string, MeetingTranslationDto> From(IReadOnlyDictionary<string, MeetingTranslation> translations) =>
        translations.ToDictionary(t => t.Key, t => new MeetingTranslationDto
        {
            Title = t.Value.Title,
            Series = t.Value.Series,
            City = t.Value.City,
            Province = t.Value.Province,
            VenueName = t.Value.VenueName,
            VenueAddress = t.Value.VenueAddress,
            InConjunctionWith = t.Value.InConjunctionWith,
        });

    public MeetingTranslation ToDomain() => new()
    {
        Title = Title,
        Series = Series,
        City = City,
        Province = Province,
        VenueName = VenueName,
        VenueAddress = VenueAddress,
        InConjunctionWith = InConjunctionWith,
    };

    /// <summary>Create: the body's translations. Languages sent as null are left out.</summary>
    public static IReadOnlyDictionary<string, MeetingTranslation> ToDomain(IReadOnlyDictionary<string, MeetingTranslationDto?>? body) =>
        body?.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!.ToDomain()) ?? new Dictionary<string, MeetingTranslation>();

    /// <summary>Merge patch at the language level: a language sent replaces that language's texts, a language sent
    /// as null is removed, a language left out is kept; <c>"translations": null</c> removes them all.</summary>
    public static IReadOnlyDictionary<string, MeetingTranslation> Merge(IReadOnlyDictionary<string, MeetingTranslation> current,
        IReadOnlyDictionary<string, MeetingTranslationDto?>? patch)
    {
        if (patch is null)
        {
            return new Dictionary<string, MeetingTranslation>();
        }

        var merged = current.ToDictionary(t => t.Key, t => t.Value);
        foreach (var (language, translation) in patch)
        {
            if (translation is null)
            {
                merged.Remove(language);
            }
            else
            {
                merged[language] = translation.ToDomain();
            }
        }

        return merged;
    }
}

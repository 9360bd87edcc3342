using EventScheduler.Domain.Content;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Meetings;

/// <summary>A meeting's texts in one language (key zh or en of <c>translations</c>); a text left out falls back to the entered one.</summary>
public sealed class MeetingTranslationDto
{
    /// <summary>Translates title.</summary>
    public string? Title { get; init; }

    /// <summary>Translates series.</summary>
    public string? Series { get; init; }

    /// <summary>Translates city.</summary>
    public string? City { get; init; }

    /// <summary>Translates province.</summary>
    public string? Province { get; init; }

    /// <summary>Translates venue.name.</summary>
    public string? VenueName { get; init; }

    /// <summary>Translates venue.address.</summary>
    public string? VenueAddress { get; init; }

    /// <summary>Translates inConjunctionWith.</summary>
    public string? InConjunctionWith { get; init; }

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

    public static MeetingTranslationDto From(MeetingTranslation t) => new()
    {
        Title = t.Title,
        Series = t.Series,
        City = t.City,
        Province = t.Province,
        VenueName = t.VenueName,
        VenueAddress = t.VenueAddress,
        InConjunctionWith = t.InConjunctionWith,
    };
}

/// <summary>A meeting's texts in the languages the product speaks; each language is optional.</summary>
public sealed class MeetingTranslationsDto
{
    /// <summary>Chinese (for a meeting entered in English).</summary>
    public MeetingTranslationDto? Zh { get; init; }

    /// <summary>English (for a meeting entered in Chinese).</summary>
    public MeetingTranslationDto? En { get; init; }

    public static MeetingTranslationsDto From(IReadOnlyDictionary<string, MeetingTranslation> translations) => new()
    {
        Zh = translations.TryGetValue(ContentLanguages.Chinese, out var zh) ? MeetingTranslationDto.From(zh) : null,
        En = translations.TryGetValue(ContentLanguages.English, out var en) ? MeetingTranslationDto.From(en) : null,
    };

    public static IReadOnlyDictionary<string, MeetingTranslation> ToDomain(MeetingTranslationsDto? body) =>
        Merge(new Dictionary<string, MeetingTranslation>(), body, null);

    /// <summary>A JSON merge patch one level down: a language sent replaces that language's texts, a language sent as
    /// null is removed, a language left out is kept; <c>"translations": null</c> removes them all. Without a
    /// <paramref name="patch"/> (create) every language in the body is taken.</summary>
    public static IReadOnlyDictionary<string, MeetingTranslation> Merge(IReadOnlyDictionary<string, MeetingTranslation> current,
        MeetingTranslationsDto? body, Infrastructure.MergePatch? patch)
    {
        var merged = body is null ? [] : current.ToDictionary(t => t.Key, t => t.Value);
        foreach (var (language, value) in new[] { (ContentLanguages.Chinese, body?.Zh), (ContentLanguages.English, body?.En) })
        {
            if (patch is not null && !patch.Has($"translations.{language}"))
            {
                continue;
            }

            if (value is null)
            {
                merged.Remove(language);
            }
            else
            {
                merged[language] = value.ToDomain();
            }
        }

        return merged;
    }
}

using EventScheduler.Domain.Content;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>A slot's texts in one language; a text left out falls back to the entered one.</summary>
public sealed class SlotTranslationDto
{
    /// <summary>Translates title.</summary>
    public string? Title { get; init; }

    /// <summary>Translates procedure (surgery_demo only).</summary>
    public string? Procedure { get; init; }

    public SlotTranslation ToDomain() => new() { Title = Title, Procedure = Procedure };

    public static SlotTranslationDto From(SlotTranslation t) => new() { Title = t.Title, Procedure = t.Procedure };
}

/// <summary>A slot's texts in the languages the product speaks; each language is optional.</summary>
public sealed class SlotTranslationsDto
{
    /// <summary>Chinese (for a slot entered in English).</summary>
    public SlotTranslationDto? Zh { get; init; }

    /// <summary>English (for a slot entered in Chinese).</summary>
    public SlotTranslationDto? En { get; init; }

    public static SlotTranslationsDto From(IReadOnlyDictionary<string, SlotTranslation> translations) => new()
    {
        Zh = translations.TryGetValue(ContentLanguages.Chinese, out var zh) ? SlotTranslationDto.From(zh) : null,
        En = translations.TryGetValue(ContentLanguages.English, out var en) ? SlotTranslationDto.From(en) : null,
    };

    public static IReadOnlyDictionary<string, SlotTranslation> ToDomain(SlotTranslationsDto? body) =>
        Merge(new Dictionary<string, SlotTranslation>(), body, null);

    /// <summary>A JSON merge patch one level down, as for meetings.</summary>
    public static IReadOnlyDictionary<string, SlotTranslation> Merge(IReadOnlyDictionary<string, SlotTranslation> current,
        SlotTranslationsDto? body, Infrastructure.MergePatch? patch)
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

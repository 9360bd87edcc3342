using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>A slot's texts in one language (key zh or en of <c>translations</c>); a text left out falls back to the entered one.</summary>
public sealed class SlotTranslationDto
{
    public string? Title { get; init; }

    /// <summary>surgery_demo only.</summary>
    public string? Procedure { get; init; }

    public static IReadOnlyDictionary<string, SlotTranslationDto> From(IReadOnlyDictionary<string, SlotTranslation> translations) =>
        translations.ToDictionary(t => t.Key, t => new SlotTranslationDto { Title = t.Value.Title, Procedure = t.Value.Procedure });

    public SlotTranslation ToDomain() => new() { Title = Title, Procedure = Procedure };

    public static IReadOnlyDictionary<string, SlotTranslation> ToDomain(IReadOnlyDictionary<string, SlotTranslationDto?>? body) =>
        body?.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!.ToDomain()) ?? new Dictionary<string, SlotTranslation>();

    /// <summary>Merge patch at the language level, as for meetings.</summary>
    public static IReadOnlyDictionary<string, SlotTranslation> Merge(IReadOnlyDictionary<string, SlotTranslation> current,
        IReadOnlyDictionary<string, SlotTranslationDto?>? patch)
    {
        if (patch is null)
        {
            return new Dictionary<string, SlotTranslation>();
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

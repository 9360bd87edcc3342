using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Programme;

/// <summary>A slot's texts in one language; a text left out falls back to the one entered on the slot.</summary>
public sealed record SlotTranslation
{
    public string? Title { get; init; }
    public string? Procedure { get; init; }

    public bool IsEmpty => Title is null && Procedure is null;

    public SlotTranslation Validate(string prefix) => new()
    {
        Title = Text.Optional(Title, $"{prefix}.title", SlotDetails.MaxTitleLength),
        Procedure = Text.Optional(Procedure, $"{prefix}.procedure", SlotDetails.MaxProcedureLength),
    };

    public static (string Title, string? Procedure) For(string title, string? procedure, IReadOnlyDictionary<string, SlotTranslation> translations, string? language)
    {
        var t = language is not null && translations.TryGetValue(language, out var found) ? found : new SlotTranslation();
        return (t.Title ?? title, procedure is null ? null : t.Procedure ?? procedure);
    }
}

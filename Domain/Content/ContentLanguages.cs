using EventScheduler.Domain.Common;

namespace EventScheduler.Domain.Content;

/// <summary>The languages the product speaks (pages, calendar, mails): zh (the alliance's working
/// language, the default) and en. Meeting and slot texts may carry a translation into each.</summary>
public static class ContentLanguages
{
    public const string Chinese = "zh";
    public const string English = "en";
    public const string UnknownLanguageCode = "language_unknown";

    public static readonly IReadOnlyList<string> All = [Chinese, English];

    public static bool IsKnown(string? code) => code is Chinese or English;

    /// <summary>Checks every key of a translations object and returns the non-empty ones, validated, in a stable order.</summary>
    public static IReadOnlyDictionary<string, T> Validate<T>(IReadOnlyDictionary<string, T>? translations, Func<T, string, T> validate, Func<T, bool> isEmpty)
    {
        var result = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (language, translation) in translations ?? new Dictionary<string, T>())
        {
            if (!IsKnown(language))
            {
                throw RuleViolation.Invalid(UnknownLanguageCode, $"'translations' may have the keys {string.Join(" and ", All)} only.", $"translations.{language}");
            }

            var checkedTranslation = validate(translation, $"translations.{language}");
            if (!isEmpty(checkedTranslation))
            {
                result[language] = checkedTranslation;
            }
        }

        return result;
    }

    public static bool SameTranslations<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && EqualityComparer<T>.Default.Equals(pair.Value, other));
}

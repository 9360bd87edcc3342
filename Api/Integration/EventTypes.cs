using System.Text.RegularExpressions;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Integration;

/// <summary>What a webhook can subscribe to: an exact event type, an "entity.*" pattern or "*" (matched in SQL by
/// <see cref="WebhookOutbox"/>). Unknown exact types are refused so a typo doesn't silently never fire.
/// The types themselves are <see cref="ChangeTypes"/>' constants: add new ones there, not here.</summary>
public static partial class EventTypes
{
    /// <summary>Every event type the service emits.</summary>
    public static IReadOnlyList<string> Known => ChangeTypes.All;

    /// <summary>Every value a subscription may list: "*", each "entity.*", then each type.</summary>
    public static readonly IReadOnlyList<string> Patterns =
        ["*", .. ChangeTypes.Entities.Select(e => e + ".*"), .. ChangeTypes.All];

    public static bool IsValidPattern(string pattern) =>
        pattern == "*" || ChangeTypes.IsKnown(pattern)
        || (WildcardPattern().IsMatch(pattern) && ChangeTypes.Entities.Contains(pattern[..^2], StringComparer.Ordinal));

    [GeneratedRegex("^[a-z_]+\\.\\*$")]
    private static partial Regex WildcardPattern();
}

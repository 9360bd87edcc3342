using System.Text.RegularExpressions;

namespace EventScheduler.Api.Integration;

/// <summary>Event types a webhook can subscribe to. A subscription lists exact types, "entity.*"
/// patterns or "*" (matched in SQL by <see cref="Storage.WebhookOutbox"/>). Unknown exact types are refused so a typo
/// doesn't silently never fire.</summary>
public static partial class EventTypes
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "meeting.published", "meeting.updated", "meeting.cancelled", "meeting.completed",
        "slot.created", "slot.updated", "slot.deleted", "slot.status_changed",
        "registration.created", "registration.cancelled", "registration.promoted", "registration.checked_in",
        "registration.mode_switched",
        "message.failed",
        "hospital.created", "hospital.updated", "hospital.deleted",
        "faculty.created", "faculty.updated", "faculty.deleted",
    };

    public static bool IsValidPattern(string pattern) =>
        pattern == "*" || Known.Contains(pattern) || (WildcardPattern().IsMatch(pattern) && Known.Any(k => k.StartsWith(pattern[..^1], StringComparison.Ordinal)));

    [GeneratedRegex("^[a-z_]+\\.\\*$")]
    private static partial Regex WildcardPattern();
}

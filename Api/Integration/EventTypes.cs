using System.Text.RegularExpressions;

namespace EventScheduler.Api.Integration;

/// <summary>Event types a webhook can subscribe to. A subscription lists exact types, "entity.*"
/// patterns or "*". Unknown exact types are refused so a typo doesn't silently never fire.</summary>
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

    public static bool Matches(IEnumerable<string> patterns, string type) =>
        patterns.Any(p => p == "*" || p == type || (p.EndsWith(".*", StringComparison.Ordinal) && type.StartsWith(p[..^1], StringComparison.Ordinal)));

    /// <summary>The same test as <see cref="Matches"/>, in SQL, for subscription <c>s</c> and change <c>c</c>.</summary>
    public const string MatchSql = """
        EXISTS (SELECT 1 FROM json_each(s.event_types) t
                WHERE t.value = '*' OR t.value = c.type
                   OR (substr(t.value, -2) = '.*' AND substr(c.type, 1, length(t.value) - 1) = substr(t.value, 1, length(t.value) - 1)))
        """;

    [GeneratedRegex("^[a-z_]+\\.\\*$")]
    private static partial Regex WildcardPattern();
}

/// <summary>Who may see which change: the one rule behind the change feed and webhook fan-out.
/// <list type="bullet">
/// <item>Changes about a meeting are hidden until that meeting was published (drafts are private), unless drafts are included (staff).</item>
/// <item>A hospital scope (integration key, or a webhook subscription with a hospital) sees changes with no hospital or its own;
/// attendee data (registration events) only of its own hospital, never of none.</item>
/// </list></summary>
public static class ChangeScope
{
    /// <summary>Entities whose events carry attendee data.</summary>
    public const string AttendeeEntitiesSql = "'registration', 'check_in', 'message'";

    /// <summary>SQL predicate over change <c>c</c>. <paramref name="hospital"/> is an SQL expression (NULL: every hospital);
    /// <paramref name="includeDrafts"/> an SQL expression that is 1 to include changes of never-published meetings.</summary>
    public static string Sql(string hospital, string includeDrafts) => $"""
        ({hospital} IS NULL
         OR (c.entity IN ({AttendeeEntitiesSql}) AND c.hospital_id = {hospital})
         OR (c.entity NOT IN ({AttendeeEntitiesSql}) AND (c.hospital_id IS NULL OR c.hospital_id = {hospital})))
        AND ({includeDrafts} = 1 OR c.meeting_id IS NULL
             OR EXISTS (SELECT 1 FROM changes p WHERE p.meeting_id = c.meeting_id AND p.type = 'meeting.published' AND p.seq <= c.seq))
        """;
}

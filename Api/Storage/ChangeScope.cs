namespace EventScheduler.Api.Storage;

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

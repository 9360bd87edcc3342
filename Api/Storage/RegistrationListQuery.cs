using System.Collections.Concurrent;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>The organiser's list of a meeting's registrations in arrival order, as SQL that an index serves whatever
/// the filter. One statement with <c>(@Status IS NULL OR status = @Status)</c> let SQLite walk the meeting's rows in
/// seq order and test each: on a meeting of a million, a page of the few waitlisted took 657 ms. Here each fixed
/// (status, mode) pair is one ordered range of <c>ix_registrations_status_mode</c>, a status or a mode alone is the
/// UNION ALL of its pairs (SQLite merges the ordered ranges and stops at the page's LIMIT: 0.3 ms), and a hospital
/// alone is a range of <c>ix_registrations_hospital</c>. The statements are built from the constants below and the
/// enums' own texts only; every value from a caller is a parameter.</summary>
internal static class RegistrationListQuery
{
    // Filters that no index serves (or that the chosen range already implies): tested row by row within the range.
    // The search is a case-insensitive substring of name, hospital or e-mail. SQLite's LIKE ignores ASCII case and
    // PostgreSQL's does not: lower() on both sides makes them agree (the columns compare as "C" on PostgreSQL, whose
    // lower() then folds ASCII only, as SQLite's does).
    private const string RestSql = """
           AND (@HospitalId IS NULL OR r.hospital_id = @HospitalId)
           AND (@ScopeKeyId IS NULL OR r.created_by_key_id = @ScopeKeyId OR r.hospital_id = @ScopeHospitalId)
           AND (@Search IS NULL OR lower(r.full_name) LIKE lower(@Search) ESCAPE '\' OR lower(r.hospital_name) LIKE lower(@Search) ESCAPE '\'
                OR lower(r.email_normalised) LIKE lower(@Search) ESCAPE '\')
           AND r.seq > @AfterSeq
        """;

    private const string OrderSql = " ORDER BY seq LIMIT @Limit";

    private static readonly ConcurrentDictionary<(RegistrationStatus?, AttendanceMode?, bool), string> Statements = new();

    /// <summary>The statement for <paramref name="filter"/>; its parameters are those of the list (MeetingId, HospitalId,
    /// ScopeKeyId, ScopeHospitalId, Search, AfterSeq, Limit).</summary>
    public static string For(RegistrationFilter filter) =>
        Statements.GetOrAdd((filter.Status, filter.Mode, filter.HospitalId is not null), static key => Build(key.Item1, key.Item2, key.Item3));

    private static string Build(RegistrationStatus? status, AttendanceMode? mode, bool byHospital)
    {
        if (status is null && mode is null)
        {
            var range = byHospital ? " AND r.hospital_id = @HospitalId" : "";
            return Arm(range) + OrderSql;
        }

        var statuses = status is { } s ? [s] : Enum.GetValues<RegistrationStatus>();
        var modes = mode is { } m ? [m] : Enum.GetValues<AttendanceMode>();
        var arms = from st in statuses
                   from md in modes
                   select Arm($" AND r.status = '{EnumText.ToText(st)}' AND r.mode = '{EnumText.ToText(md)}'");
        return string.Join("\nUNION ALL\n", arms) + OrderSql;
    }

    private static string Arm(string range) => RegistrationStore.Columns + "\n WHERE r.meeting_id = @MeetingId" + range + "\n" + RestSql;
}

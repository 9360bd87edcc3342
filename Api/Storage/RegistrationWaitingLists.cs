using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Registrations;
using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>A meeting's stored waiting lists, read on the writer's transaction when a seat opens (by the
/// queue index: one row per promotion, however long the list).</summary>
public sealed class RegistrationWaitingLists(DbConnection c, DbTransaction tx, Guid meetingId) : IWaitingLists
{
    private const string FirstAfterSql = RegistrationStore.Columns + """
         WHERE r.meeting_id = @MeetingId AND r.queue_mode = @Mode AND r.queue_seq > @After
         ORDER BY r.queue_seq
         LIMIT 1
        """;

    public Registration? FirstAfter(AttendanceMode mode, long afterQueueSeq) =>
        c.QuerySingleOrDefault<RegistrationRow>(FirstAfterSql,
            new { MeetingId = meetingId.ToString(), Mode = EnumText.ToText(mode), After = afterQueueSeq }, tx)?.ToDomain();
}

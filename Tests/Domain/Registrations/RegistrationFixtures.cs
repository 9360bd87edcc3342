using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Tests.Domain.Registrations;

/// <summary>Builders shared by the registration domain tests.</summary>
internal static class RegistrationFixtures
{
    public static readonly DateTimeOffset Now = new(2021, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static long _seq = 100;

    public static Attendee Someone(string? email = null) =>
        Attendee.Create("Li Yu", email ?? $"{Guid.NewGuid():N}@example.cn", null, null, "Xi'an Hospital", "Professor", "Hepatobiliary surgery");

    public static Registration NewRegistration(AttendanceMode mode, bool seatFree) =>
        Registration.SignUp(Guid.NewGuid(), Guid.NewGuid(), Interlocked.Increment(ref _seq), Someone(), mode, seatFree, () => "CODE234567", null, Now);

    public static RuleViolation Violation(TestDelegate action) => Assert.Throws<RuleViolation>(action)!;

    public static MeetingDetails Details(int? inPerson = 10, int? online = null, MeetingFormat format = MeetingFormat.Hybrid) => new()
    {
        Title = "Livestreamed surgery meeting",
        Format = format,
        StartsAt = Now.AddDays(10),
        EndsAt = Now.AddDays(10).AddHours(8),
        HostHospitalId = Guid.NewGuid(),
        Venue = format == MeetingFormat.Online ? null : new Venue("Hall", null),
        Stream = format == MeetingFormat.InPerson ? null : new StreamInfo("Alliance live", "https://live.example.org/x"),
        InPersonCapacity = format == MeetingFormat.Online ? null : inPerson,
        OnlineCapacity = format == MeetingFormat.InPerson ? null : online,
        RegistrationClosesAt = Now.AddDays(5),
    };

    /// <summary>A published meeting whose registration window is open at <see cref="Now"/> (and until day 5).</summary>
    public static Meeting OpenMeeting(int? inPerson = 10, int? online = null, MeetingFormat format = MeetingFormat.Hybrid)
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Details(inPerson, online, format), Now.AddDays(-1));
        meeting.Publish(Now.AddDays(-1));
        return meeting;
    }

    /// <summary>The meeting edited to new capacities (as an organiser's PATCH would).</summary>
    public static Meeting WithCapacities(Meeting meeting, int? inPerson, int? online)
    {
        var copy = Meeting.Restore(meeting.Id, meeting.Details, meeting.Status, meeting.CancellationReason, meeting.CreatedAt, meeting.UpdatedAt,
            meeting.PublishedAt, meeting.Version);
        copy.Edit(meeting.Details with { InPersonCapacity = inPerson, OnlineCapacity = online }, Now);
        return copy;
    }

    /// <summary>A copy, as storage would hand out a registration it read.</summary>
    public static Registration Clone(Registration r) => Registration.Restore(r.Id, r.MeetingId, r.Seq, r.Attendee, r.Mode, r.Status, r.QueueMode,
        r.QueueSeq, r.CheckInCode, r.CheckedInAt, r.CreatedByKeyId, r.CreatedAt, r.UpdatedAt, r.Version, r.CancellationReason, r.ErasedAt);
}

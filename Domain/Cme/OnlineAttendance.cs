using EventScheduler.Domain.Common;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Domain.Cme;

/// <summary>When an online registration may open its personal join link and send heartbeats.</summary>
public static class OnlineAttendance
{
    /// <summary>The link opens this long before the meeting starts, so viewers can settle in.</summary>
    public static readonly TimeSpan JoinLead = TimeSpan.FromMinutes(30);

    public static TimeRange Window(Meeting meeting) => new(meeting.Details.StartsAt - JoinLead, meeting.Details.EndsAt);

    /// <summary>Throws the rule a join or heartbeat breaks: not a confirmed online registration, a meeting
    /// not under way, outside the window, or no stream to go to.</summary>
    public static void EnsureCanWatch(Meeting meeting, bool confirmedOnline, DateTimeOffset now)
    {
        if (!confirmedOnline)
        {
            throw RuleViolation.Conflict(CmeRules.NotConfirmedOnline, "Only a confirmed online registration has a join link.");
        }

        var window = Window(meeting);
        if (meeting.Status != MeetingStatus.Published || now >= window.End)
        {
            var closed = RuleViolation.Conflict(CmeRules.JoinClosed, meeting.Status == MeetingStatus.Cancelled
                ? "The meeting was cancelled; there is no stream."
                : "The meeting has ended; the stream is no longer live.");
            closed.Extensions["closedAt"] = window.End;
            throw closed;
        }

        if (now < window.Start)
        {
            var early = RuleViolation.Conflict(CmeRules.JoinNotOpenYet,
                $"The stream opens {JoinLead.TotalMinutes:0} minutes before the meeting starts.");
            early.Extensions["opensAt"] = window.Start;
            throw early;
        }

        if (meeting.Details.Stream is null)
        {
            throw RuleViolation.Conflict(CmeRules.NoStream, "The meeting has no stream.");
        }
    }
}

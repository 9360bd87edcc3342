namespace EventScheduler.Domain.Registrations;

/// <summary>A meeting's stored waiting lists, as <see cref="MeetingSeats"/> reads them when a seat opens:
/// storage answers from the registrations as saved (before the current operation's changes; the policy
/// corrects for those itself).</summary>
public interface IWaitingLists
{
    /// <summary>The registration first in the list of <paramref name="mode"/> after <paramref name="afterQueueSeq"/>
    /// (lists are ordered by queue seq, i.e. arrival), or null when none follows.</summary>
    Registration? FirstAfter(AttendanceMode mode, long afterQueueSeq);
}

using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>One mode of a meeting as a reader sees it: places left (null: no limit), or full.</summary>
public sealed record ModeAvailability(AttendanceMode Mode, int? Left)
{
    public bool Full => Left is 0;

    /// <summary>The modes the meeting's format offers, with the seat rules of the domain applied to the maintained counts.</summary>
    public static IReadOnlyList<ModeAvailability> For(Meeting meeting, SeatCounts counts) =>
        Enum.GetValues<AttendanceMode>()
            .Where(mode => Attendance.IsOffered(meeting.Details.Format, mode))
            .Select(mode =>
            {
                var capacity = Attendance.Capacity(meeting.Details, mode);
                var confirmed = counts.Confirmed(mode);
                int? left = capacity is null ? null : Attendance.HasSeat(capacity, confirmed) ? capacity.Value - confirmed : 0;
                return new ModeAvailability(mode, left);
            })
            .ToArray();

    public string Describe(Ui ui) => Left switch
    {
        null => ui.T.Unlimited,
        0 => ui.T.WaitingList,
        var n => ui.SeatsLeft(n.Value),
    };
}

public enum RegistrationWindow
{
    Open,
    NotYetOpen,
    Closed,
}

public static class RegistrationWindows
{
    public static RegistrationWindow For(Meeting meeting, DateTimeOffset now)
    {
        if (meeting.IsRegistrationOpen(now))
        {
            return RegistrationWindow.Open;
        }

        return meeting.Status == MeetingStatus.Published && now < Opens(meeting) ? RegistrationWindow.NotYetOpen : RegistrationWindow.Closed;
    }

    public static DateTimeOffset Opens(Meeting meeting) => meeting.Details.RegistrationOpensAt ?? meeting.PublishedAt ?? meeting.CreatedAt;
}

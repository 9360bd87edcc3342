using EventScheduler.Api.Features.Meetings;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Programme;

public static class ProgrammeVisibility
{
    /// <summary>The public sees the programme of a meeting once published (also when later cancelled or completed).</summary>
    public static bool IsVisibleTo(Meeting meeting, Auth.Caller caller) => MeetingResponse.IsVisibleTo(meeting, caller);
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Meetings;

/// <summary>Meeting changes as subscribers see them: the response an anonymous caller gets (no stream URL).</summary>
public sealed class MeetingViews : IMeetingViews
{
    public object PublicView(Meeting meeting) => MeetingResponse.From(meeting, Caller.Anonymous);
}

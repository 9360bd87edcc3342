using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Storage;

/// <summary>What a meeting change shows those who follow it (the change feed and webhooks). The shape is the
/// API contract's, so the Meetings feature implements this; storage asks for it inside the transaction
/// that records the change.</summary>
public interface IMeetingViews
{
    /// <summary>The view anyone may see (no stream URL): the data of meeting.* changes.</summary>
    object PublicView(Meeting meeting);
}

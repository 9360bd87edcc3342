using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Storage;

/// <summary>What a slot change shows those who follow it. The shapes are the API contract's, so the
/// Programme feature implements this; storage asks for them inside the transaction that records the
/// change, so every snapshot is exactly what was committed.</summary>
public interface ISlotViews
{
    /// <summary>The public view (names, live status; no consent details): the data of slot.* changes.</summary>
    object PublicView(Meeting meeting, LoadedSlot slot);

    /// <summary>The live feed's event data for one status change: one line of JSON, stored for replay.</summary>
    string LiveStatusEvent(Meeting meeting, LoadedSlot slot, LiveStatusChange change);
}

using System.Text.Json;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Programme;

namespace EventScheduler.Api.Features.Programme;

/// <summary>Slot changes as subscribers see them: the public programme's slot, and the live feed's event.</summary>
public sealed class SlotViews : ISlotViews
{
    /// <summary>Live feed data: readable UTF-8 (names in Chinese stay as they are); JSON still escapes every
    /// newline, so one event's data is always one line.</summary>
    private static readonly JsonSerializerOptions LiveDataOptions = new(JsonConfig.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public object PublicView(Meeting meeting, LoadedSlot slot) => ProgrammeSlot.From(slot, meeting.Details.TimeZone);

    public string LiveStatusEvent(Meeting meeting, LoadedSlot slot, LiveStatusChange change)
    {
        var tz = meeting.Details.TimeZone;
        return JsonSerializer.Serialize(new LiveStatusEvent
        {
            MeetingId = meeting.Id,
            SlotId = slot.Slot.Id,
            From = change.From,
            To = change.To,
            ExpectedStartAt = Instants.InZone(change.ExpectedStartAt, tz),
            Note = change.Note,
            OccurredAt = Instants.InZone(change.OccurredAt, tz),
            Slot = ProgrammeSlot.From(slot, tz),
        }, LiveDataOptions);
    }
}

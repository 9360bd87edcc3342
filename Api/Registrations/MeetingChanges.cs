using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Registrations;

/// <summary>The meeting changes that move seats (an edit: capacity, format; a cancellation), in process. They
/// go through the registration writer like every other seat change, so the meeting and its registrations
/// commit together and there is no second write path for registrations.</summary>
public sealed class MeetingChanges(RegistrationWriter writer, TimeProvider time)
{
    /// <summary>Edits the meeting (<paramref name="edit"/> maps its current details to the new ones).</summary>
    public Task<Meeting> EditAsync(Guid meetingId, string? ifMatch, Func<MeetingDetails, MeetingDetails> edit, bool shiftSlots, CancellationToken ct) =>
        writer.SubmitAsync(new MeetingEditCommand(meetingId, ifMatch, edit, shiftSlots, time.GetUtcNow()));

    /// <summary>Cancels the meeting and its active registrations (reason meeting_cancelled).</summary>
    public Task<Meeting> CancelAsync(Guid meetingId, string? ifMatch, string reason, CancellationToken ct) =>
        writer.SubmitAsync(new MeetingCancelCommand(meetingId, ifMatch, reason, time.GetUtcNow()));
}

using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Registrations;

/// <summary>The meeting changes that move seats (an edit: capacity, format; a cancellation), in process. They
/// go through the registration writer like every other seat change, so the meeting and its registrations
/// commit together and there is no second write path for registrations.</summary>
public sealed class MeetingChanges(RegistrationWriter writer, MeetingStore meetings, SlotStore slots, RegistrationMail mail, TimeProvider time)
{
    /// <summary>Edits the meeting (<paramref name="edit"/> maps its current details to the new ones).</summary>
    public Task<Meeting> EditAsync(Guid meetingId, VersionPrecondition expected, Func<MeetingDetails, MeetingDetails> edit, bool shiftSlots, CancellationToken ct) =>
        writer.SubmitAsync(new MeetingEditCommand(meetings, slots, mail, meetingId, expected, edit, shiftSlots, time.GetUtcNow()));

    /// <summary>Cancels the meeting and its active registrations (reason meeting_cancelled).</summary>
    public Task<Meeting> CancelAsync(Guid meetingId, VersionPrecondition expected, string reason, CancellationToken ct) =>
        writer.SubmitAsync(new MeetingCancelCommand(meetings, meetingId, expected, reason, time.GetUtcNow()));
}

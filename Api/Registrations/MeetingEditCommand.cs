using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Registrations;

/// <summary>An organiser's edit of a meeting, run by the registration writer so the meeting and its seats change
/// in one commit: the edit itself (moving the programme along when asked), then <see cref="MeetingSeats.Reconfigure"/>
/// (a capacity below the seats given or a format that strands registrations is refused; seats a raised
/// capacity adds go to the waiting lists in arrival order).</summary>
/// <param name="edit">The new details, from the current ones (a merge patch).</param>
/// <param name="shiftSlots">When the start moves: shift every slot by as much (else slots left outside are refused).</param>
public sealed class MeetingEditCommand(MeetingStore meetings, SlotStore slots, RegistrationMail mail, Guid meetingId, VersionPrecondition expected,
    Func<MeetingDetails, MeetingDetails> edit, bool shiftSlots, DateTimeOffset now) : RegistrationCommand<Meeting>
{
    protected override async Task<Meeting> ExecuteAsync(RegistrationLedger ledger, CancellationToken ct)
    {
        var seats = await ledger.SeatsAsync(meetingId, ct) ?? throw new NotFoundException("Meeting");
        IReadOnlyList<RegistrationChange> promoted = [];
        var meeting = await ledger.WithMeetingWriteAsync((c, tx) => meetings.UpdateInAsync(c, tx, meetingId, expected, async (c2, tx2, m) =>
        {
            var before = m.Details;
            var (start, end) = (m.Details.StartsAt, m.Details.EndsAt);
            m.Edit(edit(m.Details), now);
            if (m.Details.StartsAt != start || m.Details.EndsAt != end)
            {
                await slots.RescheduleAsync(c2, tx2, m, start, shiftSlots, now, ct);
            }

            promoted = seats.Reconfigure(m, ledger.Now());
            // Attendees of a published meeting that moved hear of it (with the new calendar), in this commit.
            await mail.OnMeetingEditedAsync(c2, tx2, m, before, now, ct);
        }, ct), ct);
        await ledger.SaveAsync(seats, promoted, ct);
        return meeting;
    }
}

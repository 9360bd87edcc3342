using System.Data.Common;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>Which messages a registration event causes, recorded on the event's own transaction.
/// <list type="bullet">
/// <item>registration.created: confirmed or waitlisted;</item>
/// <item>registration.promoted: promoted (the confirmed message's content);</item>
/// <item>registration.mode_switched: the new state;</item>
/// <item>registration.cancelled: by the attendee, or by an organiser;</item>
/// <item>and, for one who becomes confirmed inside the reminder lead time, the reminder at once (earlier confirmations
/// get theirs from the reminder scheduler, <see cref="EmailOutboxStore.EnqueueDueRemindersAsync"/>).</item>
/// </list>
/// With <c>Email:Enabled=false</c> nothing is recorded.</summary>
public sealed class RegistrationMail(bool enabled, TimeSpan reminderLeadTime)
{
    public static readonly RegistrationMail Disabled = new(false, TimeSpan.Zero);

    public bool Enabled { get; } = enabled;

    public async Task OnEventAsync(DbConnection c, DbTransaction tx, Registration r, Meeting meeting, string eventType, bool byStaff, CancellationToken ct)
    {
        if (!Enabled)
        {
            return;
        }

        var kind = eventType switch
        {
            "registration.created" => r.Status == RegistrationStatus.Confirmed ? MessageKinds.Confirmed : MessageKinds.Waitlisted,
            "registration.promoted" => MessageKinds.Promoted,
            "registration.mode_switched" => MessageKinds.ModeSwitched,
            "registration.cancelled" => byStaff ? MessageKinds.CancelledByOrganiser : MessageKinds.CancelledByAttendee,
            _ => null,
        };
        if (kind is null)
        {
            return;
        }

        var now = Instants.ToMs(r.UpdatedAt);
        var first = new OutboxMessage(kind, r.Id, r.MeetingId, now);
        if (r.Status == RegistrationStatus.Confirmed && kind != MessageKinds.ModeSwitched && InsideReminderWindow(meeting, r.UpdatedAt))
        {
            var starts = Instants.ToMs(meeting.Details.StartsAt);
            await EmailOutbox.EnqueueAsync(c, tx, [first, new OutboxMessage(MessageKinds.Reminder, r.Id, r.MeetingId, now, DedupeKey: EmailOutbox.ReminderKey(r.Id, starts))], now, ct);
            return;
        }

        await EmailOutbox.EnqueueAsync(c, tx, first, now, ct);
    }

    private static readonly string[] Active = ["confirmed", "waitlisted"];

    /// <summary>A published meeting whose start, end, venue or format changed: every active registrant hears the new
    /// facts (and gets the updated calendar). Pending reminders for the old start are skipped at send time, and the
    /// scheduler enqueues new ones for the new start.</summary>
    public Task OnMeetingEditedAsync(DbConnection c, DbTransaction tx, Meeting meeting, MeetingDetails before, DateTimeOffset now, CancellationToken ct)
    {
        var d = meeting.Details;
        if (!Enabled || meeting.Status != MeetingStatus.Published
            || (d.StartsAt == before.StartsAt && d.EndsAt == before.EndsAt && d.Venue == before.Venue && d.Format == before.Format))
        {
            return Task.CompletedTask;
        }

        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            previous = new { startsAt = before.StartsAt, endsAt = before.EndsAt, venueName = before.Venue?.Name, venueAddress = before.Venue?.Address, format = before.Format },
        }, JsonConfig.Options);
        return EmailOutbox.EnqueueForMeetingAsync(c, tx, meeting.Id, MessageKinds.MeetingMoved, Active, payload, Instants.ToMs(now), ct);
    }

    /// <summary>A cancelled meeting: every registrant who was still active is told.</summary>
    public Task OnMeetingCancelledAsync(DbConnection c, DbTransaction tx, Meeting meeting, DateTimeOffset now, CancellationToken ct) =>
        Enabled
            ? EmailOutbox.EnqueueForMeetingAsync(c, tx, meeting.Id, MessageKinds.MeetingCancelled, Active, null, Instants.ToMs(now), ct)
            : Task.CompletedTask;

    private bool InsideReminderWindow(Meeting meeting, DateTimeOffset now) =>
        meeting.Status == MeetingStatus.Published && meeting.Details.StartsAt > now && meeting.Details.StartsAt - reminderLeadTime <= now;
}

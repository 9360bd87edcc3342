using System.Data.Common;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>The messages registration events and meeting edits cause, recorded on their own transaction. As a
/// <see cref="IRegistrationEventRecorder"/> it turns a whole writer batch of events into outbox rows with one
/// multi-row insert per 500 messages:
/// <list type="bullet">
/// <item>signed up: confirmed or waitlisted;</item>
/// <item>promoted: promoted (the confirmed message's content);</item>
/// <item>mode switched: the new state;</item>
/// <item>cancelled: by the attendee; by an organiser or integration; with the meeting (meeting cancelled);</item>
/// <item>and, for one who becomes confirmed inside the reminder lead time, the reminder at once (earlier confirmations
/// get theirs from the reminder scheduler, <see cref="EmailOutboxStore.EnqueueDueRemindersAsync"/>).</item>
/// </list>
/// Registered only with <c>Email:Enabled=true</c>; disabled, nothing is recorded.</summary>
public sealed class RegistrationMail(bool enabled, TimeSpan reminderLeadTime) : IRegistrationEventRecorder
{
    private static readonly string[] Active = ["confirmed", "waitlisted"];

    public bool Enabled { get; } = enabled;

    public Task RecordAsync(BatchStatements statements, IReadOnlyList<RegistrationEvent> events, CancellationToken ct)
    {
        if (!Enabled)
        {
            return Task.CompletedTask;
        }

        var messages = new List<OutboxMessage>(events.Count);
        foreach (var e in events)
        {
            var r = e.Registration;
            var kind = e.Change.Kind switch
            {
                RegistrationChangeKind.SignedUp => r.Status == RegistrationStatus.Confirmed ? MessageKinds.Confirmed : MessageKinds.Waitlisted,
                RegistrationChangeKind.Promoted => MessageKinds.Promoted,
                RegistrationChangeKind.ModeSwitched => MessageKinds.ModeSwitched,
                RegistrationChangeKind.Cancelled => r.CancellationReason switch
                {
                    CancellationReason.MeetingCancelled => MessageKinds.MeetingCancelled,
                    CancellationReason.Organiser or CancellationReason.Integration => MessageKinds.CancelledByOrganiser,
                    _ => MessageKinds.CancelledByAttendee,
                },
                _ => null,
            };
            if (kind is null)
            {
                continue;
            }

            var at = Instants.ToMs(e.OccurredAt);
            // The request's own trace, not the batch's (a batch carries many requests; its span is the first one's child).
            var trace = Observability.TraceParents.Of(e.Origin);
            messages.Add(new OutboxMessage(kind, r.Id, r.MeetingId, at, TraceParent: trace));
            if (r.Status == RegistrationStatus.Confirmed && kind is MessageKinds.Confirmed or MessageKinds.Promoted && InsideReminderWindow(e.Meeting, e.OccurredAt))
            {
                messages.Add(new OutboxMessage(MessageKinds.Reminder, r.Id, r.MeetingId, at,
                    DedupeKey: EmailOutbox.ReminderKey(r.Id, Instants.ToMs(e.Meeting.Details.StartsAt)), TraceParent: trace));
            }
        }

        return messages.Count == 0 ? Task.CompletedTask
            : EmailOutbox.EnqueueAsync(statements, messages, Instants.ToMs(events[^1].OccurredAt), ct);
    }

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
            previous = new
            {
                startsAt = before.StartsAt, endsAt = before.EndsAt, venueName = before.Venue?.Name, venueAddress = before.Venue?.Address, format = before.Format,
                // The old venue's translations, so the message names it in each reader's language.
                translations = before.Translations.Count == 0 ? null : before.Translations,
            },
        }, JsonConfig.Options);
        return EmailOutbox.EnqueueForMeetingAsync(c, tx, meeting.Id, MessageKinds.MeetingMoved, Active, payload, Instants.ToMs(now), ct);
    }

    /// <summary>Certificates just issued: each attendee hears that theirs is ready, with its download link (rendered at
    /// send time; a certificate revoked before then is skipped).</summary>
    public Task OnCertificatesIssuedAsync(DbConnection c, DbTransaction tx, IReadOnlyList<Domain.Cme.Certificate> issued, Guid meetingId, DateTimeOffset now,
        CancellationToken ct)
    {
        if (!Enabled || issued.Count == 0)
        {
            return Task.CompletedTask;
        }

        var at = Instants.ToMs(now);
        var messages = issued.Select(certificate => new OutboxMessage(MessageKinds.CertificateReady, certificate.RegistrationId, meetingId, at,
            System.Text.Json.JsonSerializer.Serialize(new { serial = certificate.Serial }, JsonConfig.Options))).ToList();
        return EmailOutbox.EnqueueAsync(c, tx, messages, at, ct);
    }

    private bool InsideReminderWindow(Meeting meeting, DateTimeOffset now) =>
        meeting.Status == MeetingStatus.Published && meeting.Details.StartsAt > now && meeting.Details.StartsAt - reminderLeadTime <= now;
}

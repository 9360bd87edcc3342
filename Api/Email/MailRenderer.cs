using System.Text.Json;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Programme;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using MimeKit;

namespace EventScheduler.Api.Email;

/// <summary>A message ready to send, or the reason it no longer applies.</summary>
public sealed record RenderedMail(MimeMessage? Message, string Language, string? SkipReason);

/// <summary>Turns an outbox row into a MIME message from the registration and meeting as they are at send time.
/// The same row always gets the same Message-ID, so a receiver can tell a repeat from a new message.</summary>
public sealed class MailRenderer(RegistrationStore registrations, ProgrammeReader programme, Database db, RegistrationLinks links, EmailSettings settings,
    CertificateStore certificates)
{
    public async Task<RenderedMail> RenderAsync(ClaimedMessage row, DateTimeOffset now, CancellationToken ct)
    {
        var found = await registrations.GetAsync(Guid.Parse(row.RegistrationId), ct);
        var (meeting, loaded) = await programme.ReadAsync(Guid.Parse(row.MeetingId), ct);
        if (found is not { } r || meeting is null)
        {
            return new RenderedMail(null, "zh", "The registration or meeting no longer exists.");
        }

        var registration = r.Row.ToDomain();
        var language = Languages.Resolve(r.Row.Language, meeting.Details.Language);
        if (SkipReason(row, registration, meeting, now) is { } skip)
        {
            return new RenderedMail(null, language, skip);
        }

        var token = links.Mint(registration.Id, r.Row.ManageTokenHash, settings.Email.ManageLinkLifetime);
        var payload = row.Payload is null ? null : JsonSerializer.Deserialize<MessagePayload>(row.Payload, JsonConfig.Options);
        Domain.Cme.Certificate? certificate = null;
        if (row.Kind == MessageKinds.CertificateReady)
        {
            certificate = payload?.Serial is { } serial ? (await certificates.GetBySerialAsync(serial, ct))?.Certificate : null;
            if (certificate is null || certificate.IsRevoked)
            {
                return new RenderedMail(null, language, "The certificate was revoked (or no longer exists) before this message went out.");
            }
        }

        var view = new MailView
        {
            Kind = row.Kind,
            Language = language,
            Registration = registration,
            Meeting = meeting,
            QueuePosition = r.Position,
            ManageLink = $"{settings.PublicBaseUrl}/r/{registration.Id}?token={token}",
            // The one message that carries where to watch: the personal join link (GET /j/{id}, which records the
            // join for CME credit and redirects to the stream), never the stream URL itself.
            WatchLink = row.Kind == MessageKinds.Reminder && registration.Status == RegistrationStatus.Confirmed && registration.Mode == AttendanceMode.Online
                        && meeting.Details.Stream is not null
                ? $"{settings.PublicBaseUrl}/j/{registration.Id}?token={token}"
                : null,
            // The attendee's own download: the PDF endpoint takes the same link token as the manage link.
            CertificateLink = certificate is null ? null : $"{settings.PublicBaseUrl}/certificates/{certificate.Serial}.pdf?token={token}",
            Certificate = certificate,
            Previous = payload?.Previous,
            Reason = payload?.Reason,
            ReminderLeadTime = settings.Email.ReminderLeadTime,
        };
        var content = IMailText.For(language).Write(view);
        var message = MailComposer.Compose(content, view, settings.From, MessageId(row), Instants.FromMs(row.CreatedAt),
                        // The attachment in the message's language too: translated titles, places and procedures, and its labels.
            MeetingCalendar.Write([new CalendarEntry(meeting, loaded, await CalendarRevisions.LoadAsync(db, [meeting.Id], ct))], view.Text.Title, language));
        return new RenderedMail(message, language, null);
    }

    public string MessageId(ClaimedMessage row) =>
        $"es-{row.Id}.{row.CreatedAt.ToString(System.Globalization.CultureInfo.InvariantCulture)}@{settings.From.Domain}";

    private static string? SkipReason(ClaimedMessage row, Registration registration, Meeting meeting, DateTimeOffset now)
    {
        if (registration.ErasedAt is not null)
        {
            // No address left to write to (the erasure also skipped what was queued; this is a row already claimed then).
            return "The registration's personal data was erased.";
        }

        switch (row.Kind)
        {
            case MessageKinds.Waitlisted when registration.Status != RegistrationStatus.Waitlisted:
                return "The registration left the waiting list before this message went out.";
            case MessageKinds.Reminder:
                if (registration.Status != RegistrationStatus.Confirmed)
                {
                    return "Reminders go to confirmed registrations only.";
                }

                if (meeting.Status != MeetingStatus.Published || meeting.Details.EndsAt <= now)
                {
                    return "The meeting is no longer ahead.";
                }

                if (row.DedupeKey is { } key && key != EmailOutbox.ReminderKey(registration.Id, Instants.ToMs(meeting.Details.StartsAt)))
                {
                    return "The meeting moved; the reminder for its new start replaces this one.";
                }

                return null;
            default:
                return null;
        }
    }
}

/// <summary>What an outbox row's payload may hold.</summary>
public sealed record MessagePayload(PreviousFacts? Previous = null, string? Reason = null, string? Serial = null);

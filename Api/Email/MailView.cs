using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Email;

/// <summary>The facts of a meeting before it moved, from the message's payload; <paramref name="Translations"/> are the
/// meeting's translations of that moment, so the old venue reads in the message's language too (payloads recorded
/// before they were kept have none: the venue as entered).</summary>
public sealed record PreviousFacts(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? VenueName, string? VenueAddress, MeetingFormat Format,
    IReadOnlyDictionary<string, MeetingTranslation>? Translations = null)
{
    /// <summary>The old venue in <paramref name="language"/>, falling back to the entered text; null name when there was none.</summary>
    public (string? Name, string? Address) VenueIn(string language)
    {
        if (VenueName is null)
        {
            return (null, null);
        }

        var t = Translations is not null && Translations.TryGetValue(language, out var found) ? found : null;
        return (t?.VenueName ?? VenueName, t?.VenueAddress ?? VenueAddress);
    }
}

/// <summary>Everything one message says, gathered at send time: the registration and meeting as they are now,
/// plus what the payload kept from the moment of the change.</summary>
public sealed record MailView
{
    public required string Kind { get; init; }
    public required string Language { get; init; }
    public required Registration Registration { get; init; }
    public required Meeting Meeting { get; init; }

    /// <summary>The meeting's title, venue, series… in <see cref="Language"/>: the organisers' translation where there is
    /// one, else the text as entered (issue 13's <see cref="MeetingText.For"/>, the same as the pages and calendars).</summary>
    public MeetingText Text => MeetingText.For(Meeting.Details, Language);

    /// <summary>Place in the waiting list of <see cref="Registration.QueueMode"/>, when in one.</summary>
    public int? QueuePosition { get; init; }

    public required string ManageLink { get; init; }

    /// <summary>For the reminder of a confirmed online attendee: the personal join link (<c>/j/{id}?token=…</c>).</summary>
    public string? WatchLink { get; init; }

    public PreviousFacts? Previous { get; init; }

    /// <summary>For certificate_ready: the certificate and its download link (<c>/certificates/{serial}.pdf?token=…</c>).</summary>
    public Domain.Cme.Certificate? Certificate { get; init; }

    public string? CertificateLink { get; init; }

    /// <summary>An organiser's reason for cancelling this registration.</summary>
    public string? Reason { get; init; }

    public required TimeSpan ReminderLeadTime { get; init; }

    /// <summary>The check-in code, shown (and as a QR code) while the registration holds a seat in person.</summary>
    public string? CheckInCode => Registration.IsConfirmedInPerson && !IsCancellation ? Registration.CheckInCode : null;

    public bool IsCancellation => Kind is Storage.MessageKinds.CancelledByAttendee or Storage.MessageKinds.CancelledByOrganiser or Storage.MessageKinds.MeetingCancelled;

    public DateTimeOffset Local(DateTimeOffset instant) => Infrastructure.Instants.InZone(instant, Meeting.Details.TimeZone);
}

/// <summary>One message in words, before layout: the same shape in every language.</summary>
public sealed record MailContent(
    string Subject,
    string Greeting,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<MailFact> Facts,
    string ManageLinkLabel,
    string? QrCaption,
    string Footer);

/// <summary>A labelled fact; <see cref="Link"/> when the value is an address to open.</summary>
public sealed record MailFact(string Label, string Value, bool Link = false);

using System.Globalization;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Email;

/// <summary>The messages in English.</summary>
public sealed class EnMailText : IMailText
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public MailContent Write(MailView v)
    {
        var title = v.Text.Title;
        var r = v.Registration;
        var facts = new List<MailFact>();
        var paragraphs = new List<string>();
        string subject;
        string? qr = null;
        switch (v.Kind)
        {
            case MessageKinds.Confirmed:
            case MessageKinds.Promoted:
                subject = v.Kind == MessageKinds.Promoted ? $"A place has opened up: you are now confirmed for {title}" : $"Registration confirmed: {title}";
                paragraphs.Add(v.Kind == MessageKinds.Promoted
                    ? $"Good news: a place became free and you have moved from the waiting list to a confirmed place ({Mode(r.Mode)}). There is nothing more you need to do."
                    : $"You are registered for {title} ({Mode(r.Mode)}).");
                paragraphs.Add(Attendance(v));
                facts.AddRange(MeetingFacts(v));
                qr = AddCode(v, facts);
                break;
            case MessageKinds.Waitlisted:
                subject = $"You are on the waiting list: {title}";
                paragraphs.Add($"All {Mode(r.Mode)} places for {title} are taken, so we have put you on the waiting list. You are number {v.QueuePosition ?? 1}.");
                paragraphs.Add("If someone cancels, places are given out in the order people registered, and we will e-mail you as soon as you have one.");
                facts.AddRange(MeetingFacts(v));
                break;
            case MessageKinds.ModeSwitched:
                subject = $"Attendance updated: {title}";
                paragraphs.Add(SwitchText(v));
                facts.AddRange(MeetingFacts(v));
                qr = AddCode(v, facts);
                break;
            case MessageKinds.CancelledByAttendee:
                subject = $"Registration cancelled: {title}";
                paragraphs.Add($"Your registration for {title} is cancelled. Thank you for letting us know, so that someone else can have your place.");
                paragraphs.Add("If you change your mind, you can register again while registration is open.");
                facts.AddRange(MeetingFacts(v));
                break;
            case MessageKinds.CancelledByOrganiser:
                subject = $"Your registration has been cancelled: {title}";
                paragraphs.Add($"The organisers have cancelled your registration for {title}." + (v.Reason is { } reason ? $" Reason: {reason}" : ""));
                paragraphs.Add("If you have any questions, please contact the organisers.");
                facts.AddRange(MeetingFacts(v));
                break;
            case MessageKinds.MeetingCancelled:
                subject = $"Meeting cancelled: {title}";
                paragraphs.Add($"We are sorry to tell you that {title} has been cancelled, and your registration with it.");
                if (v.Meeting.CancellationReason is { } why)
                {
                    paragraphs.Add($"Reason: {why}");
                }

                paragraphs.Add("We apologise for the inconvenience. Open the attached calendar file to remove the meeting from your calendar.");
                facts.Add(new MailFact("Was planned for", When(v, v.Meeting.Details.StartsAt, v.Meeting.Details.EndsAt)));
                break;
            case MessageKinds.MeetingMoved:
                subject = $"Meeting details changed: {title}";
                paragraphs.Add($"The arrangements for {title} have changed; the details below are the current ones. The attached calendar file replaces the earlier entry in your calendar.");
                facts.AddRange(MeetingFacts(v));
                if (v.Previous is { } p)
                {
                    facts.Add(new MailFact("Previously", When(v, p.StartsAt, p.EndsAt)));
                    // Whether the venue changed is a fact of the entered texts; it is shown in the reader's language.
                    if (p.VenueName is not null && (p.VenueName != v.Meeting.Details.Venue?.Name || p.VenueAddress != v.Meeting.Details.Venue?.Address)
                        && p.VenueIn(v.Language) is ({ } previousName, var previousAddress))
                    {
                        facts.Add(new MailFact("Previous venue", Place(previousName, previousAddress)));
                    }
                }

                qr = AddCode(v, facts);
                break;
            case MessageKinds.Reminder:
                subject = $"Reminder: {title} starts {Day(v, v.Meeting.Details.StartsAt)} at {Clock(v, v.Meeting.Details.StartsAt)}";
                paragraphs.Add(r.Mode == AttendanceMode.InPerson
                    ? "The meeting starts soon and we look forward to seeing you. Please show the QR code below, or give your check-in code, at the registration desk."
                    : "The meeting starts soon. Watch it through the link below (it is for you alone; please do not pass it on).");
                facts.AddRange(MeetingFacts(v));
                if (r.Mode == AttendanceMode.Online && v.WatchLink is { } watch)
                {
                    facts.Add(new MailFact("Watch", watch, Link: true));
                    if (v.Meeting.Details.Stream?.Platform is { } platform)
                    {
                        facts.Add(new MailFact("Platform", platform));
                    }
                }

                qr = AddCode(v, facts);
                break;
            case MessageKinds.CertificateReady when v.Certificate is { } c:
                subject = $"Your CME certificate is ready: {title}";
                paragraphs.Add($"Your continuing medical education certificate for {title} has been issued: {Credits(c.Credits)} {CreditType(c.Accreditation.CreditType)} "
                               + $"credit{(c.Credits == 1m ? "" : "s")}, awarded by {c.Accreditation.AccreditingBody}.");
                paragraphs.Add("Download it as a PDF through the link below. Anyone you show it to can check it online with its verification code.");
                facts.Add(new MailFact("Meeting", title));
                facts.Add(new MailFact("Certificate number", c.Serial));
                facts.Add(new MailFact("Credits", $"{Credits(c.Credits)} ({CreditType(c.Accreditation.CreditType)})"));
                facts.Add(new MailFact("Verification code", c.VerificationCode));
                facts.Add(new MailFact("Download the certificate", v.CertificateLink!, Link: true));
                break;
            default:
                subject = $"Your registration link: {title}";
                paragraphs.Add($"You asked for the link to your registration for {title}. Use it to see your registration, change how you attend or cancel.");
                paragraphs.Add("If you did not ask for this, you can ignore this e-mail; nothing has changed.");
                facts.AddRange(MeetingFacts(v));
                qr = AddCode(v, facts);
                break;
        }

        return new MailContent(subject, $"Dear {r.Attendee.FullName},", paragraphs, facts, "View or manage my registration", qr,
            "This message was sent automatically; replies are not read.");
    }

    private static string Attendance(MailView v) => v.Registration.Mode == AttendanceMode.InPerson
        ? "Please show the QR code below, or give your check-in code, at the registration desk."
        : $"We will e-mail you the link to the live stream about {Lead(v.ReminderLeadTime)} before the meeting starts.";

    private static string SwitchText(MailView v)
    {
        var r = v.Registration;
        if (r.Status == RegistrationStatus.Waitlisted)
        {
            return $"You now wait for a place {Mode(r.Mode)}: you are number {v.QueuePosition ?? 1} on that waiting list, and you will be confirmed automatically when a place opens.";
        }

        if (r.HasPendingSwitch && r.QueueMode is { } target)
        {
            return $"All {Mode(target)} places are taken, so you are on that waiting list (number {v.QueuePosition ?? 1}). Until a place opens you keep your place {Mode(r.Mode)}.";
        }

        return $"You now attend {Mode(r.Mode)}. " + Attendance(v);
    }

    private static string? AddCode(MailView v, List<MailFact> facts)
    {
        if (v.CheckInCode is not { } code)
        {
            return null;
        }

        facts.Add(new MailFact("Check-in code", code));
        return "Your check-in QR code (show it at the desk)";
    }

    private static IEnumerable<MailFact> MeetingFacts(MailView v)
    {
        var d = v.Meeting.Details;
        yield return new MailFact("Meeting", v.Text.Title);
        yield return new MailFact("When", When(v, d.StartsAt, d.EndsAt));
        if (d.Format != MeetingFormat.Online && v.Text.VenueName is { } venue)
        {
            yield return new MailFact("Where", Place(venue, v.Text.VenueAddress));
        }

        yield return new MailFact("Attending", Mode(v.Registration.Mode));
    }

    private static string Credits(decimal credits) => credits.ToString("0.##", CultureInfo.InvariantCulture);

    private static string CreditType(Domain.Cme.CreditType type) => type switch
    {
        Domain.Cme.CreditType.ClassI => "Class I",
        Domain.Cme.CreditType.ClassII => "Class II",
        _ => "CME",
    };

    private static string Place(string name, string? address) => address is null ? name : $"{name}, {address}";

    private static string Mode(AttendanceMode mode) => mode == AttendanceMode.InPerson ? "in person" : "online";

    private static string When(MailView v, DateTimeOffset start, DateTimeOffset end)
    {
        var (s, e) = (v.Local(start), v.Local(end));
        var range = s.Date == e.Date
            ? $"{Day(v, start)}, {Clock(v, start)}–{Clock(v, end)}"
            : $"{Day(v, start)}, {Clock(v, start)} to {Day(v, end)}, {Clock(v, end)}";
        return $"{range} ({v.Meeting.Details.TimeZone} time)";
    }

    private static string Day(MailView v, DateTimeOffset instant) => v.Local(instant).ToString("dddd d MMMM yyyy", English);

    private static string Clock(MailView v, DateTimeOffset instant) => v.Local(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Lead(TimeSpan lead) => lead.TotalHours >= 24 && lead.TotalHours % 24 == 0
        ? (lead.TotalDays == 1 ? "one day" : $"{lead.TotalDays:0} days")
        : lead.TotalMinutes >= 60 ? $"{lead.TotalHours:0.#} hours" : $"{lead.TotalMinutes:0} minutes";
}

using System.Net;
using System.Text;
using MimeKit;
using MimeKit.Text;

namespace EventScheduler.Api.Email;

/// <summary>Lays a message out as MIME: multipart/mixed of (multipart/alternative of text/plain and
/// multipart/related of text/html and the QR code image it shows by <c>cid:</c>), the QR code again as an attachment,
/// and the meeting's calendar (.ics). Bodies are UTF-8 (quoted-printable); MimeKit encodes non-ASCII headers
/// (subject, display names) as RFC 2047 encoded words.</summary>
public static class MailComposer
{
    public const string QrContentId = "check-in-qr";

    public static MimeMessage Compose(MailContent content, MailView view, MailboxAddress from, string messageId, DateTimeOffset date, string calendar)
    {
        var message = new MimeMessage
        {
            Subject = content.Subject,
            MessageId = messageId,
            Date = date,
        };
        message.From.Add(from);
        // The address a server delivers to (ASCII letters for fullwidth ones, punycode domain), not the one typed,
        // which the attendee's pages keep showing; MailKit takes RCPT TO from this header.
        message.To.Add(new MailboxAddress(view.Registration.Attendee.FullName, Domain.Registrations.EmailAddress.ForDelivery(view.Registration.Attendee.Email)));
        // Tells auto-responders and list servers this is a transactional message, not a conversation.
        message.Headers.Add("Auto-Submitted", "auto-generated");

        var qr = view.CheckInCode is { } code && content.QrCaption is not null ? CheckInQrCode.Png(code) : null;
        var text = Utf8(TextFormat.Plain, PlainText(content, view));
        var html = Utf8(TextFormat.Html, Html(content, view, qr is not null));
        MimeEntity htmlPart = html;
        if (qr is not null)
        {
            var image = new MimePart("image", "png")
            {
                Content = new MimeContent(new MemoryStream(qr)),
                ContentId = QrContentId,
                ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = "check-in-qr.png" },
                ContentTransferEncoding = ContentEncoding.Base64,
            };
            htmlPart = new MultipartRelated { html, image };
        }

        var mixed = new Multipart("mixed") { new MultipartAlternative { text, htmlPart } };
        // A Content-* header belongs to the body entity in MIME, so it goes on the outermost part.
        mixed.Headers.Add(HeaderId.ContentLanguage, view.Language == "en" ? "en" : "zh-CN");
        if (qr is not null)
        {
            mixed.Add(Attachment("image", "png", $"check-in-{view.CheckInCode}.png", qr));
        }

        var ics = Attachment("text", "calendar", "meeting.ics", Encoding.UTF8.GetBytes(calendar));
        ics.ContentType.Charset = "utf-8";
        ics.ContentType.Parameters.Add("method", "PUBLISH");
        mixed.Add(ics);
        message.Body = mixed;
        return message;
    }

    private static TextPart Utf8(TextFormat format, string body)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, body);
        return part;
    }

    private static MimePart Attachment(string type, string subtype, string fileName, byte[] bytes) => new(type, subtype)
    {
        Content = new MimeContent(new MemoryStream(bytes)),
        ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = fileName },
        ContentTransferEncoding = ContentEncoding.Base64,
    };

    public static string PlainText(MailContent c, MailView v)
    {
        var s = new StringBuilder();
        s.Append(c.Greeting).Append("\n\n");
        foreach (var p in c.Paragraphs)
        {
            s.Append(p).Append("\n\n");
        }

        foreach (var f in c.Facts)
        {
            s.Append(f.Label).Append(v.Language == "en" ? ": " : "：").Append(f.Value).Append('\n');
        }

        s.Append('\n').Append(c.ManageLinkLabel).Append(v.Language == "en" ? ":\n" : "：\n").Append(v.ManageLink).Append("\n\n");
        s.Append("-- \n").Append(c.Footer).Append('\n');
        return s.ToString();
    }

    public static string Html(MailContent c, MailView v, bool withQr)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html>\n<html lang=\"").Append(v.Language == "en" ? "en" : "zh-CN").Append("\">\n<head><meta charset=\"utf-8\"><title>")
            .Append(E(c.Subject)).Append("</title></head>\n")
            .Append("<body style=\"font-family: 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', Arial, sans-serif; color: #1f2933; line-height: 1.6;\">\n")
            .Append("<div style=\"max-width: 600px; margin: 0 auto; padding: 16px;\">\n")
            .Append("<p>").Append(E(c.Greeting)).Append("</p>\n");
        foreach (var p in c.Paragraphs)
        {
            s.Append("<p>").Append(E(p)).Append("</p>\n");
        }

        s.Append("<table role=\"presentation\" style=\"border-collapse: collapse; margin: 16px 0;\">\n");
        foreach (var f in c.Facts)
        {
            var value = f.Link ? $"<a href=\"{E(f.Value)}\">{E(f.Value)}</a>" : E(f.Value);
            s.Append("<tr><th scope=\"row\" style=\"text-align: left; padding: 4px 16px 4px 0; vertical-align: top; white-space: nowrap;\">")
                .Append(E(f.Label)).Append("</th><td style=\"padding: 4px 0;\">").Append(value).Append("</td></tr>\n");
        }

        s.Append("</table>\n");
        if (withQr && c.QrCaption is { } caption)
        {
            s.Append("<p><img src=\"cid:").Append(MailComposer.QrContentId).Append("\" width=\"240\" height=\"240\" alt=\"")
                .Append(E(caption)).Append("\"><br>").Append(E(caption)).Append("</p>\n");
        }

        s.Append("<p><a href=\"").Append(E(v.ManageLink)).Append("\" style=\"display: inline-block; padding: 10px 18px; background: #0b6e4f; color: #ffffff; text-decoration: none; border-radius: 4px;\">")
            .Append(E(c.ManageLinkLabel)).Append("</a></p>\n")
            .Append("<p style=\"font-size: 12px; color: #52606d;\">").Append(E(c.Footer)).Append("</p>\n")
            .Append("</div>\n</body>\n</html>\n");
        return s.ToString();
    }
}

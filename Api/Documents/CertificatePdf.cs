using System.Globalization;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Registrations;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace EventScheduler.Api.Documents;

/// <summary>Draws a certificate as a one-page A4 landscape PDF, bilingual (Chinese and English), with the
/// fonts embedded and a QR code of the public verification URL.</summary>
public static class CertificatePdf
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XColor Ink = XColor.FromArgb(33, 37, 41);
    private static readonly XColor Accent = XColor.FromArgb(22, 78, 99);

    public static byte[] Render(Certificate certificate, string verificationUrl)
    {
        CertificateFonts.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = $"CME certificate {certificate.Serial}";
        document.Info.Subject = certificate.Meeting.Title;
        document.Info.Creator = "EventScheduler";
        document.Info.CreationDate = certificate.IssuedAt.UtcDateTime;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            Draw(gfx, page.Width.Point, page.Height.Point, certificate, verificationUrl);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics gfx, double width, double height, Certificate c, string verificationUrl)
    {
        var tz = c.Meeting.TimeZone;
        var centre = width / 2;
        gfx.DrawRectangle(new XPen(Accent, 3), 24, 24, width - 48, height - 48);
        gfx.DrawRectangle(new XPen(Accent, 0.75), 32, 32, width - 64, height - 64);

        var y = 80.0;
        Line(gfx, "继续医学教育学分证书", 26, centre, ref y, Accent, 8);
        Line(gfx, "Certificate of Continuing Medical Education", 16, centre, ref y, Accent, 22);
        Line(gfx, "兹证明 This is to certify that", 12, centre, ref y, Ink, 10);
        Line(gfx, c.FullName, 30, centre, ref y, Ink, 8);
        var who = string.Join(" · ", new[] { c.JobTitle, c.HospitalName }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (who.Length > 0)
        {
            Line(gfx, who, 12, centre, ref y, Ink, 14);
        }

        var mode = c.Mode == AttendanceMode.Online ? "线上参会 attended online" : "现场参会 attended in person";
        Line(gfx, $"{mode}:", 12, centre, ref y, Ink, 6);
        Line(gfx, c.Meeting.Title, 17, centre, ref y, Ink, 6);
        var start = Instants.InZone(c.Meeting.StartsAt, tz);
        var end = Instants.InZone(c.Meeting.EndsAt, tz);
        var dates = start.Date == end.Date
            ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : $"{start:yyyy-MM-dd} – {end:yyyy-MM-dd}";
        Line(gfx, c.Meeting.City is { } city ? $"{dates}, {city}" : dates, 12, centre, ref y, Ink, 18);

        var credits = c.Credits.ToString("0.###", CultureInfo.InvariantCulture);
        Line(gfx, $"授予 {CreditTypeZh(c.Accreditation.CreditType)} {credits} 学分 · {credits} {CreditTypeEn(c.Accreditation.CreditType)} credits", 18, centre, ref y, Accent, 8);
        Line(gfx, $"{c.AttendedMinutes} min attended ({c.Percent.ToString("0.#", CultureInfo.InvariantCulture)} %)", 10, centre, ref y, Ink, 14);
        Line(gfx, $"授予单位 Accredited by: {c.Accreditation.AccreditingBody}", 11, centre, ref y, Ink, 4);
        Line(gfx, $"项目编号 Project number: {c.Accreditation.ProjectNumber}", 11, centre, ref y, Ink, 4);
        if (c.Meeting.Chairs.Count > 0)
        {
            Line(gfx, $"大会主席 Chairs: {string.Join(", ", c.Meeting.Chairs)}", 11, centre, ref y, Ink, 4);
        }

        // Footer: serial and code on the left, QR of the verification URL on the right.
        var footer = height - 130;
        var issued = Instants.InZone(c.IssuedAt, tz).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var left = 60.0;
        Text(gfx, $"证书编号 Serial: {c.Serial}", 10, left, footer, Ink, center: false);
        Text(gfx, $"验证码 Verification code: {c.VerificationCode}", 10, left, footer + 16, Ink, center: false);
        Text(gfx, $"签发日期 Issued: {issued}", 10, left, footer + 32, Ink, center: false);
        Text(gfx, verificationUrl, 8, left, footer + 52, Ink, center: false);
        DrawQr(gfx, verificationUrl, width - 60 - 96, footer - 20, 96);
    }

    private static void Line(XGraphics gfx, string text, double size, double centre, ref double y, XColor color, double after)
    {
        y += size;
        Text(gfx, text, size, centre, y, color, center: true, maxWidth: centre * 2 - 120);
        y += after;
    }

    /// <summary>Draws mixed Chinese/Latin text, each run in the font that has its glyphs, on one baseline.</summary>
    private static void Text(XGraphics gfx, string text, double size, double x, double baseline, XColor color, bool center,
        double maxWidth = double.MaxValue)
    {
        var (runs, widths) = Measure(gfx, text, size);
        if (widths.Sum() > maxWidth)
        {
            // A long title or name shrinks to fit the page rather than running off it.
            (runs, widths) = Measure(gfx, text, Math.Max(6, size * maxWidth / widths.Sum()));
        }

        var cursor = center ? x - widths.Sum() / 2 : x;
        var brush = new XSolidBrush(color);
        for (var i = 0; i < runs.Count; i++)
        {
            gfx.DrawString(runs[i].Text, runs[i].Font, brush, cursor, baseline, XStringFormats.BaseLineLeft);
            cursor += widths[i];
        }
    }

    private static (List<(string Text, XFont Font)> Runs, List<double> Widths) Measure(XGraphics gfx, string text, double size)
    {
        var latin = new XFont(CertificateFonts.Latin, size, XFontStyleEx.Regular, Unicode);
        var cjk = new XFont(CertificateFonts.Cjk, size, XFontStyleEx.Regular, Unicode);
        var runs = Runs(text).Select(r => (r.Text, Font: r.Cjk ? cjk : latin)).ToList();
        return (runs, runs.Select(r => gfx.MeasureString(r.Text, r.Font).Width).ToList());
    }

    private static IEnumerable<(string Text, bool Cjk)> Runs(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || CertificateFonts.IsCjk(text[i]) != CertificateFonts.IsCjk(text[start]))
            {
                yield return (text[start..i], CertificateFonts.IsCjk(text[start]));
                start = i;
            }
        }
    }

    /// <summary>The QR code drawn as vector squares (crisp at any zoom, no image codec needed).</summary>
    private static void DrawQr(XGraphics gfx, string url, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var col = 0; col < modules[row].Count; col++)
            {
                if (modules[row][col])
                {
                    gfx.DrawRectangle(XBrushes.Black, x + col * cell, y + row * cell, cell + 0.05, cell + 0.05);
                }
            }
        }
    }

    private static string CreditTypeZh(CreditType type) => type switch
    {
        CreditType.ClassI => "I类",
        CreditType.ClassII => "II类",
        _ => "",
    };

    private static string CreditTypeEn(CreditType type) => type switch
    {
        CreditType.ClassI => "Class I",
        CreditType.ClassII => "Class II",
        _ => "CME",
    };
}

using System.Globalization;
using System.Net;
using System.Text;
using EventScheduler.Api.Features.Cme.VerifyCertificate;

namespace EventScheduler.Api.Features.Cme.VerifyCertificatePage;

/// <summary>The verification page in Chinese or English: whether the certificate is valid, and the facts the API
/// operation gives (name, meeting, credits, issue date); a page saying so, with 404, for an unknown code.</summary>
public static class VerificationPage
{
    /// <summary>Real codes are 16 letters and 3 dashes; anything much longer is not echoed back.</summary>
    private const int MaxShownCodeLength = 40;

    private sealed record Text(string Lang, string Title, string Valid, string Revoked, string NotFound, string NotFoundHint, string Name,
        string Meeting, string Credits, string IssuedOn, string Code, string Other, string OtherLabel, Func<DateOnly, string> Date);

    private static readonly Text Zh = new("zh", "证书验证", "有效证书", "已撤销：此证书不再有效", "未找到证书",
        "没有证书使用此验证码。请核对证书上印的验证码（不区分大小写，空格和连字符可省略）。", "姓名", "会议", "学分", "签发日期", "验证码",
        "en", "English", d => $"{d.Year}年{d.Month}月{d.Day}日");

    private static readonly Text En = new("en", "Certificate verification", "Valid certificate", "Revoked: this certificate is no longer valid",
        "No certificate found", "No certificate has this verification code. Check the code printed on the certificate (case, spaces and dashes do not matter).",
        "Name", "Meeting", "Credits", "Issued on", "Verification code", "zh", "中文", d => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));

    /// <summary>JSON when the client asks for it at least as much as for HTML; a browser (text/html) or a bare
    /// <c>*/*</c> gets the page.</summary>
    public static bool WantsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(-1).Max();
        var json = Quality("application/json");
        return json > 0 && json >= Quality("text/html");
    }

    /// <summary>"zh" or "en": the <c>lang</c> query when it is one of them, else the first of them the browser
    /// prefers (Accept-Language by quality), else Chinese, the alliance's language.</summary>
    public static string Language(HttpRequest request, string? lang)
    {
        if (lang is "zh" or "en")
        {
            return lang;
        }

        var preferred = request.GetTypedHeaders().AcceptLanguage
            .Where(l => (l.Quality ?? 1) > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.ToLowerInvariant() ?? "")
            .FirstOrDefault(v => v == "*" || v.StartsWith("zh", StringComparison.Ordinal) || v.StartsWith("en", StringComparison.Ordinal));
        return preferred?.StartsWith("en", StringComparison.Ordinal) == true ? "en" : "zh";
    }

    public static Task WriteAsync(HttpContext context, string language, string code, Response? certificate, CancellationToken ct)
    {
        var t = language == "en" ? En : Zh;
        var heading = certificate is null ? t.NotFound : certificate.Revoked ? t.Revoked : t.Valid;
        var state = certificate is null ? "unknown" : certificate.Revoked ? "revoked" : "valid";
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(t.Lang).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(t.Title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}")
            .Append(".valid{color:#0a6b2d}.revoked,.unknown{color:#a4161a}dt{font-weight:600;margin-top:.6rem}dd{margin:0}")
            .Append("</style></head><body><main>")
            .Append("<p><a href=\"?lang=").Append(t.Other).Append("\" hreflang=\"").Append(t.Other).Append("\">").Append(E(t.OtherLabel)).Append("</a></p>")
            .Append("<h1>").Append(E(t.Title)).Append("</h1>")
            .Append("<p class=\"").Append(state).Append("\" data-state=\"").Append(state).Append("\"><strong>").Append(E(heading)).Append("</strong></p>");
        if (certificate is null)
        {
            html.Append("<p>").Append(E(t.NotFoundHint)).Append("</p>");
        }
        else
        {
            html.Append("<dl>")
                .Append(Row(t.Name, certificate.FullName))
                .Append(Row(t.Meeting, certificate.Meeting))
                .Append(Row(t.Credits, certificate.Credits.ToString("0.##", CultureInfo.InvariantCulture)))
                .Append(Row(t.IssuedOn, t.Date(certificate.IssuedOn)))
                .Append("</dl>");
        }

        if (code.Length <= MaxShownCodeLength)
        {
            html.Append("<p><small>").Append(E(t.Code)).Append(": <code>").Append(E(code)).Append("</code></small></p>");
        }

        html.Append("</main></body></html>");
        context.Response.StatusCode = certificate is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentLanguage = t.Lang;
        // Nothing to load: no scripts, no images, only the inline style above.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
        return context.Response.WriteAsync(html.ToString(), ct);
    }

    private static string Row(string label, string value) => $"<dt>{E(label)}</dt><dd>{E(value)}</dd>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

using System.Globalization;
using System.Text.Encodings.Web;
using EventScheduler.Domain.Common;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>The rate limiter's answer on page paths: the same 429 and Retry-After as the API, as a small
/// HTML page in the reader's language (the limiter runs outside MVC, so no Razor view is at hand).</summary>
public static class PageRejections
{
    public static Task WriteTooManyRequestsAsync(HttpContext context, int retryAfterSeconds, CancellationToken ct)
    {
        var language = PageLanguage.For(context);
        var text = language == Language.En ? UiText.En : UiText.Zh;
        var html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{PageLanguage.HtmlLang(language)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="{Math.Min(retryAfterSeconds, 60)}">
            <title>{html.Encode(text.ErrorTooManyRequests)}</title><link rel="stylesheet" href="/assets/site.css"></head>
            <body><main id="main"><h1 class="message">{html.Encode(text.ErrorTooManyRequests)}</h1></main></body>
            </html>
            """);
        return context.Response.WriteAsync(body, ct);
    }
}

using System.Globalization;
using EventScheduler.Domain.Common;
using Microsoft.Net.Http.Headers;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>Which language a page speaks: <c>?lang=</c> (remembered in a cookie), then the cookie, then
/// the browser's Accept-Language, else Chinese (the alliance's working language).</summary>
public static class PageLanguage
{
    public const string QueryKey = "lang";
    public const string CookieName = "es_lang";
    private const string ItemKey = "pages.language";

    public static Language For(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is Language known)
        {
            return known;
        }

        var language = Resolve(context.Request);
        context.Items[ItemKey] = language;
        return language;
    }

    public static string Code(Language language) => language == Language.En ? "en" : "zh";

    /// <summary>The value of the html lang attribute (BCP 47).</summary>
    public static string HtmlLang(Language language) => language == Language.En ? "en" : "zh-CN";

    public static CultureInfo Culture(Language language) => CultureInfo.GetCultureInfo(language == Language.En ? "en-GB" : "zh-CN");

    public static bool TryParse(string? value, out Language language)
    {
        var code = value?.Trim().ToLowerInvariant();
        if (code is not null && (code == "en" || code.StartsWith("en-", StringComparison.Ordinal)))
        {
            language = Language.En;
            return true;
        }

        if (code is not null && (code == "zh" || code.StartsWith("zh-", StringComparison.Ordinal)))
        {
            language = Language.Zh;
            return true;
        }

        language = Language.Zh;
        return false;
    }

    /// <summary>Remembers an explicit choice (<c>?lang=</c>) for the pages that follow.</summary>
    public static void RememberChoice(HttpContext context)
    {
        if (TryParse(context.Request.Query[QueryKey], out var chosen))
        {
            context.Response.Cookies.Append(CookieName, Code(chosen), new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
                Path = "/",
            });
        }
    }

    private static Language Resolve(HttpRequest request)
    {
        if (TryParse(request.Query[QueryKey], out var fromQuery))
        {
            return fromQuery;
        }

        if (TryParse(request.Cookies[CookieName], out var fromCookie))
        {
            return fromCookie;
        }

        // Highest quality first; the first language we speak wins.
        var accepted = request.GetTypedHeaders().AcceptLanguage;
        foreach (var entry in accepted.OrderByDescending(a => a.Quality ?? 1.0))
        {
            if (entry.Quality is 0)
            {
                continue;
            }

            if (TryParse(entry.Value.Value, out var fromHeader))
            {
                return fromHeader;
            }
        }

        return Language.Zh;
    }

    public static void AddVary(HttpResponse response)
    {
        response.Headers.Append(HeaderNames.Vary, "Accept-Language, Cookie");
    }
}

using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace EventScheduler.Api.Pages.Infrastructure;

/// <summary>The attendee pages (Razor Pages, server-rendered) and their assets, served by the API process
/// beside the API. Their paths never overlap the API's, so the API's JSON-only rules stay as they are.</summary>
public static class AttendeePages
{
    /// <summary>First path segments that belong to the pages ("/" is the meeting list).</summary>
    private static readonly string[] Prefixes = ["/m", "/r", "/desk", "/o", "/assets"];

    public const string AssetsPath = "/assets";

    public static bool IsPagePath(PathString path) =>
        path.Value is null or "" or "/" || Prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static IServiceCollection AddAttendeePages(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<Ui>();
        services.AddSingleton<RegistrationCalls>();
        services.AddSingleton<Storage.RegistrationCounterStore>();
        // Chinese and other non-ASCII text written as is, not as &#x...; entities (pages half the size, readable source).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.ConfigureFilter(new PageErrorFilter());
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "es_af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Forms only: no header, so the token cannot be replayed by scripts of other origins either.
            o.HeaderName = null;
        });
        return services;
    }

    /// <summary>Before authentication: assets need none, and answer from disk with their own caching.</summary>
    public static WebApplication UseAttendeePageAssets(this WebApplication app)
    {
        // The content root's copy while developing (edits show at once), else the copy beside the binaries.
        var root = new[] { app.Environment.ContentRootPath, AppContext.BaseDirectory }
            .Select(dir => Path.Combine(dir, "wwwroot", "assets"))
            .FirstOrDefault(Directory.Exists)
            ?? throw new DirectoryNotFoundException("The pages' assets (wwwroot/assets) are missing beside the application.");
        var types = new FileExtensionContentTypeProvider();
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = new PhysicalFileProvider(root),
            ContentTypeProvider = types,
            OnPrepareResponse = ctx =>
            {
                ctx.Context.Response.Headers.CacheControl = "public, max-age=3600";
                ctx.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
        app.UseMiddleware<PageHeadersMiddleware>();
        return app;
    }

    public static WebApplication MapAttendeePages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}

/// <summary>Headers every page gets: the language chosen with ?lang= remembered, a content security policy
/// that allows only the product's own scripts, styles and images (no CDN can creep in), and no referrer
/// leaving the site (manage links carry a token).</summary>
public sealed class PageHeadersMiddleware(RequestDelegate next)
{
    private const string Csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
                               "font-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (AttendeePages.IsPagePath(path) && !path.StartsWithSegments(AttendeePages.AssetsPath, StringComparison.OrdinalIgnoreCase))
        {
            PageLanguage.RememberChoice(context);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (headers.ContentType.ToString().StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = Csp;
                    headers.XContentTypeOptions = "nosniff";
                    headers["Referrer-Policy"] = "same-origin";
                    headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()";
                    headers.ContentLanguage = PageLanguage.HtmlLang(PageLanguage.For(context));
                    PageLanguage.AddVary(context.Response);
                }

                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}

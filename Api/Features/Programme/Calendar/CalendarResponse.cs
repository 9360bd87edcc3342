using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace EventScheduler.Api.Features.Programme.Calendar;

/// <summary>Sends a calendar with its validators, so subscribed calendar apps poll cheaply: a strong
/// ETag (hash of the bytes; the calendar's DTSTAMP is the data's last change, so unchanged data gives the
/// same bytes) and Last-Modified; If-None-Match (or If-Modified-Since) answers 304 while unchanged.</summary>
public static class CalendarResponse
{
    public const string ContentType = "text/calendar";

    public static async Task WriteAsync(HttpContext context, string ics, string fileName, IReadOnlyList<CalendarEntry> entries, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(ics);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
        var lastModified = entries.Count == 0 ? (DateTimeOffset?)null : entries.Max(e => e.LastModified);
        var response = context.Response;
        var headers = response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModified is { } lm ? TruncateToSeconds(lm) : null;
        response.Headers.CacheControl = "public, max-age=300";

        var request = context.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch.Count > 0
            ? request.IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false))
            : request.IfModifiedSince is { } since && lastModified is { } changed && TruncateToSeconds(changed) <= since;
        if (notModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            // Started here: an endpoint that writes nothing would otherwise be answered 204.
            await response.StartAsync(ct);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"{ContentType}; charset=utf-8";
        response.Headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
        await response.Body.WriteAsync(bytes, ct);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());
}

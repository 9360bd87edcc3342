using Microsoft.Net.Http.Headers;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Strong ETags from the row version, and the If-Match check that guards PUT and PATCH.</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    public static void Set(HttpContext context, int version) => context.Response.Headers.ETag = For(version);

    /// <summary>Throws 412 when an If-Match header is present and names no current version. An absent
    /// header means the caller accepts last-writer-wins.</summary>
    public static void Check(string? ifMatch, int currentVersion)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return;
        }

        if (!EntityTagHeaderValue.TryParseList([ifMatch], out var tags))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "invalid_if_match", "'If-Match' must be '*' or a list of quoted ETags.");
        }

        var current = new EntityTagHeaderValue(For(currentVersion));
        // If-Match uses the strong comparison (RFC 9110 13.1.1): weak tags never match.
        if (!tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: true)))
        {
            throw ApiException.PreconditionFailed();
        }
    }
}

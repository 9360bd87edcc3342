using System.Globalization;
using EventScheduler.Api.Storage;
using Microsoft.Net.Http.Headers;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Strong ETags from the row version, and the If-Match header turned into the
/// <see cref="VersionPrecondition"/> a store checks inside its write transaction.</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    public static void Set(HttpContext context, int version) => context.Response.Headers.ETag = For(version);

    /// <summary>The versions an If-Match header accepts. An absent header (or <c>*</c>) accepts every
    /// version: the caller chose last-writer-wins. A malformed header is refused with 400 invalid_if_match.</summary>
    public static VersionPrecondition Precondition(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return VersionPrecondition.Any;
        }

        if (!EntityTagHeaderValue.TryParseList([ifMatch], out var tags))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "invalid_if_match", "'If-Match' must be '*' or a list of quoted ETags.");
        }

        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return VersionPrecondition.Any;
        }

        // If-Match uses the strong comparison (RFC 9110 13.1.1): weak tags never match, nor do tags that
        // are not one of our version numbers. An empty set fails every check (412), as it should.
        var versions = new List<int>();
        foreach (var tag in tags)
        {
            var text = tag.Tag.ToString();
            if (!tag.IsWeak && text.Length > 2
                && int.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                && For(version) == text)
            {
                versions.Add(version);
            }
        }

        return VersionPrecondition.OneOf(versions);
    }
}

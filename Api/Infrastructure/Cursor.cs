using System.Buffers.Text;
using System.Text;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Opaque keyset cursor: the sort key and id of the last item returned. Keyset (not offset)
/// so pages stay stable while rows are inserted.</summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(string sortKey, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{sortKey}\n{id}"));

    /// <summary>Returns null for no cursor; throws a 400 problem for one this server did not make.</summary>
    public static (string SortKey, string Id)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split('\n');
            if (parts.Length == 2)
            {
                return (parts[0], parts[1]);
            }
        }
        catch (FormatException)
        {
        }

        throw new ApiException(StatusCodes.Status400BadRequest, "invalid_cursor", "'cursor' is not a cursor returned by this list.");
    }

    public static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
}

public sealed class Page<T>
{
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public required string? NextCursor { get; init; }
}

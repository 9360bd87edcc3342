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

    /// <summary>For lists keyed by a number (an instant in ms, a sequence) and an id.</summary>
    public static (long SortKey, string Id)? DecodeNumeric(string? cursor) => Decode(cursor) is { } c
        ? long.TryParse(c.SortKey, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var key)
            ? (key, c.Id)
            : throw new ApiException(StatusCodes.Status400BadRequest, "invalid_cursor", "'cursor' is not a cursor returned by this list.")
        : null;

    public static string Encode(long sortKey, string id) => Encode(sortKey.ToString(System.Globalization.CultureInfo.InvariantCulture), id);

    public static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
}

/// <summary>limit and cursor, shared by every list request.</summary>
public abstract class PagedRequest
{
    /// <summary>Items per page, 1 to 200 (default 50).</summary>
    [FastEndpoints.QueryParam]
    public int? Limit { get; init; }

    /// <summary>The nextCursor of the previous page.</summary>
    [FastEndpoints.QueryParam]
    public string? Cursor { get; init; }
}

public static class PagingRules
{
    public static void Apply<T>(FastEndpoints.Validator<T> v) where T : PagedRequest
    {
        v.RuleFor(x => x.Limit).InclusiveBetween(1, Cursor.MaxLimit);
        v.RuleFor(x => x.Cursor).MaximumLength(1000);
    }
}

/// <summary>One page of a list.</summary>
public static class Page
{
    /// <summary>Builds a page from <paramref name="fetched"/>, which holds up to limit + 1 rows: the extra
    /// row only tells that there is a next page, whose cursor is the key of the last row shown.</summary>
    public static Page<TOut> Of<TIn, TOut>(IReadOnlyList<TIn> fetched, int limit, Func<TIn, TOut> map, Func<TIn, (string SortKey, string Id)> key)
    {
        var shown = fetched.Take(limit).ToList();
        return new Page<TOut>
        {
            Items = shown.Select(map).ToList(),
            NextCursor = fetched.Count > limit ? Cursor.Encode(key(shown[^1]).SortKey, key(shown[^1]).Id) : null,
        };
    }
}

/// <summary>One page of a list.</summary>
public sealed class Page<T>
{
    /// <summary>The items of this page, in the list's order.</summary>
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public required string? NextCursor { get; init; }
}

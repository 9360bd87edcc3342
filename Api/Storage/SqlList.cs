using System.Text.Json;

namespace EventScheduler.Api.Storage;

/// <summary>A list parameter both providers read the same way: a JSON array of strings, unpacked in SQL with
/// <c>IN (SELECT value FROM json_each(@Ids))</c> (SQLite's built-in; PostgreSQL's migration 0001 defines the same
/// function). Dapper's own list expansion (<c>IN @Ids</c>) differs by provider: it rewrites the SQL into one parameter
/// per item on SQLite but sends one array parameter to Npgsql, where <c>IN $1</c> does not parse.</summary>
public static class SqlList
{
    public static string Json(IEnumerable<string> items) => JsonSerializer.Serialize(items as IReadOnlyCollection<string> ?? items.ToArray());
}

using System.Reflection;
using System.Text.Json;
using EventScheduler.Api.Infrastructure.OpenApi;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Walks a JSON body against the request type: which properties it has that the type does not,
/// and what type a JSON path points at. The same binding rules as the OpenAPI document
/// (<see cref="Binding"/>): route, query and header properties are not body fields.</summary>
public static class BodyShape
{
    public static IEnumerable<(string Field, string Message)> UnknownProperties(JsonElement element, Type type, string prefix = "")
    {
        var target = Unwrap(type);
        if (element.ValueKind == JsonValueKind.Array && ElementType(target) is { } item)
        {
            var index = 0;
            foreach (var entry in element.EnumerateArray())
            {
                foreach (var error in UnknownProperties(entry, item, $"{prefix}[{index++}]"))
                {
                    yield return error;
                }
            }

            yield break;
        }

        if (element.ValueKind != JsonValueKind.Object || !IsObject(target))
        {
            yield break;
        }

        var fields = Fields(target);
        foreach (var property in element.EnumerateObject())
        {
            var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            if (fields.TryGetValue(property.Name, out var known))
            {
                foreach (var error in UnknownProperties(property.Value, known.PropertyType, path))
                {
                    yield return error;
                }

                continue;
            }

            var near = fields.Keys.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase))
                       ?? fields.Keys.Where(k => Distance(k, property.Name) <= 2).OrderBy(k => Distance(k, property.Name)).FirstOrDefault();
            yield return (path, near is null
                ? $"'{property.Name}' is not a field of this request. Fields: {string.Join(", ", fields.Keys)}."
                : $"'{property.Name}' is not a field of this request; did you mean '{near}'?");
        }
    }

    /// <summary>The .NET type at a path such as <c>venue.name</c> or <c>operatingSurgeons[0].role</c>; null if none.</summary>
    public static Type? TypeAt(Type type, string path)
    {
        Type? current = type;
        foreach (var raw in path.Split('.'))
        {
            if (current is null)
            {
                return null;
            }

            var name = raw;
            var indexed = raw.IndexOf('[', StringComparison.Ordinal);
            if (indexed >= 0)
            {
                name = raw[..indexed];
            }

            if (name.Length > 0)
            {
                current = Fields(Unwrap(current)).TryGetValue(name, out var property) ? property.PropertyType : null;
            }

            for (var i = indexed; i >= 0 && current is not null; i = raw.IndexOf('[', i + 1))
            {
                current = ElementType(Unwrap(current));
            }
        }

        return current;
    }

    private static Dictionary<string, PropertyInfo> Fields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && Binding.Of(p, bodyless: false) == BindingSource.Body)
            .GroupBy(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static bool IsObject(Type type) =>
        type.IsClass && type != typeof(string) && ElementType(type) is null;

    public static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}

using System.Text.Json;

namespace EventScheduler.Api.Infrastructure;

/// <summary>What a field expects, in plain words and with the allowed values, never a .NET type name:
/// "allianceRole must be one of chair, vice_chair, member".</summary>
public static class FieldMessages
{
    public static string ExpectedValue(string field, Type? type)
    {
        var name = field.Split('.')[^1];
        return $"{name} {Expectation(type)}.";
    }

    public static string Expectation(Type? type)
    {
        if (type is null)
        {
            return "has the wrong type or format";
        }

        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
        {
            return "must be one of " + string.Join(", ", Enum.GetNames(t).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short))
        {
            return "must be a whole number";
        }

        if (t == typeof(decimal) || t == typeof(double) || t == typeof(float))
        {
            return "must be a number";
        }

        if (t == typeof(bool))
        {
            return "must be true or false";
        }

        if (t == typeof(Guid))
        {
            return "must be a UUID, e.g. 0190a000-0000-7000-8000-000000000001";
        }

        if (t == typeof(DateTimeOffset) || t == typeof(DateTime))
        {
            return "must be an RFC 3339 date-time with an offset, e.g. 2021-09-23T08:30:00+08:00";
        }

        if (t == typeof(string))
        {
            return "must be a string";
        }

        if (BodyShape.ElementType(t) is { } item)
        {
            return $"must be an array whose items {Expectation(item)[5..]}".Replace("items be", "items are", StringComparison.Ordinal);
        }

        return "must be a JSON object";
    }
}

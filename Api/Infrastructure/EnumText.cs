using System.Text.Json;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Enum values as stored and sent: snake_case, the same as the JSON converter writes.</summary>
public static class EnumText
{
    public static string ToText<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static T Parse<T>(string text) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            if (ToText(value) == text)
            {
                return value;
            }
        }

        throw new InvalidOperationException($"Unknown {typeof(T).Name} '{text}' in storage.");
    }

    /// <summary>Parses the snake_case text of any enum type exactly as documented, as query strings carry it.</summary>
    public static bool TryParse(Type type, string? text, out object? value)
    {
        foreach (var candidate in Enum.GetValues(type))
        {
            if (string.Equals(JsonNamingPolicy.SnakeCaseLower.ConvertName(candidate.ToString()!), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = null;
        return false;
    }
}

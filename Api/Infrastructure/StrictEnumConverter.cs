using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Enum values exactly as documented: the snake_case name, nothing else. The framework's
/// converter also accepts the C# name in any case ("Member", "VICE_CHAIR"), which the contract does not
/// offer, so a client that relies on it would break on a stricter server.</summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
}

public sealed class StrictEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByText = Enum.GetValues<T>().ToDictionary(EnumText.ToText, v => v, StringComparer.Ordinal);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && ByText.TryGetValue(text, out var value)
            ? value
            : throw new JsonException($"Expected one of {string.Join(", ", ByText.Keys)}.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(EnumText.ToText(value));
}

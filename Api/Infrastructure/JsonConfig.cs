using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventScheduler.Api.Infrastructure;

/// <summary>One set of JSON rules for FastEndpoints, problem bodies and the OpenAPI document, so the
/// document describes exactly what goes over the wire.</summary>
public static class JsonConfig
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>For request bodies: names exactly as documented (camelCase, case-sensitive), unknown
    /// properties refused (a typo must not be silently ignored), enum values exactly their snake_case text.</summary>
    public static readonly JsonSerializerOptions RequestOptions = Strict(new JsonSerializerOptions(Options));

    private static JsonSerializerOptions Strict(JsonSerializerOptions options)
    {
        options.PropertyNameCaseInsensitive = false;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Insert(0, new StrictEnumConverterFactory());
        return options;
    }

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        // Enum values are snake_case strings; numbers are refused so a client can't depend on ordinals.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new OffsetRequiredConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Plain UTF-8: Chinese names, '+' in offsets and quotes stay readable. Safe for a JSON API whose
        // bodies are never embedded in HTML.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}

/// <summary>Times must carry an offset (RFC 3339): "2021-09-23T08:30:00" alone would silently be read
/// in the server's time zone.</summary>
public sealed class OffsetRequiredConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null || text.Length < 20 || !(text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
            || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value))
        {
            throw new JsonException("Expected an RFC 3339 date-time with an offset, e.g. 2021-09-23T08:30:00+08:00.");
        }

        return value;
    }

    /// <summary>Always milliseconds, the precision instants are stored in, so every response, webhook and
    /// feed item writes the same instant the same way (2021-09-23T08:30:00.000+08:00).</summary>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
}

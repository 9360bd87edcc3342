using System.Text.Json;

namespace EventScheduler.Api.Storage;

/// <summary>The translations column of meetings and slots: a JSON object keyed by language, NULL for none.</summary>
public static class TranslationsColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string? Write<T>(IReadOnlyDictionary<string, T> translations) =>
        translations.Count == 0 ? null : JsonSerializer.Serialize(translations, Options);

    public static IReadOnlyDictionary<string, T> Read<T>(string? json) =>
        string.IsNullOrEmpty(json) ? new Dictionary<string, T>() : JsonSerializer.Deserialize<Dictionary<string, T>>(json, Options) ?? [];
}

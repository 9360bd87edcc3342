using System.Text.Json;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Reads JSON bodies strictly (<see cref="JsonConfig.RequestOptions"/>: property names and enum
/// values exactly as documented, no unknown properties) and, when the body does not fit the request,
/// remembers every field that is wrong in plain words, so the 400 validation_failed problem names them
/// (<c>errors.inPersonCapcity</c>, <c>errors.allianceRole</c>) instead of echoing the serializer's message
/// with .NET type names.</summary>
public static class JsonBodyReader
{
    public const string ErrorItem = "json-errors";
    public const string ErrorField = "body";

    public static async ValueTask<object?> ReadAsync(HttpRequest request, Type type, System.Text.Json.Serialization.JsonSerializerContext? context, CancellationToken ct)
    {
        // No body (Content-Length: 0, or a GET/DELETE with a JSON content type and nothing after it) means
        // "no fields", not a syntax error.
        if (request.ContentLength == 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return JsonSerializer.Deserialize("{}", type, JsonConfig.RequestOptions);
        }

        // Bodies are at most 64 KiB (BodySizeLimitMiddleware): read once, so a failure can be explained.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.IsEmpty)
        {
            return JsonSerializer.Deserialize("{}", type, JsonConfig.RequestOptions);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes.Span, type, JsonConfig.RequestOptions);
        }
        catch (JsonException ex)
        {
            request.HttpContext.Items[ErrorItem] = Explain(ex, bytes, type);
            throw;
        }
    }

    /// <summary>The errors recorded for this request's body, keyed by field.</summary>
    public static IReadOnlyList<(string Field, string Message)>? Errors(HttpContext context) =>
        context.Items[ErrorItem] as IReadOnlyList<(string Field, string Message)>;

    private static IReadOnlyList<(string Field, string Message)> Explain(JsonException ex, ReadOnlyMemory<byte> body, Type type)
    {
        if (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return [(ErrorField, "The JSON is nested too deeply.")];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = JsonConfig.Options.MaxDepth });
        }
        catch (JsonException)
        {
            return [(ErrorField, "The body is not valid JSON.")];
        }

        using (document)
        {
            // Unknown properties first (all of them, not only the first the serializer met), then the
            // field whose value does not fit.
            var errors = BodyShape.UnknownProperties(document.RootElement, type).ToList();
            var path = ex.Path is null or "$" ? "" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path.TrimStart('$');
            if (errors.Count == 0)
            {
                errors.Add(path.Length == 0
                    ? (ErrorField, document.RootElement.ValueKind == JsonValueKind.Object ? "The body does not fit this request." : "The body must be a JSON object.")
                    : (path, FieldMessages.ExpectedValue(path, BodyShape.TypeAt(type, path))));
            }

            return errors;
        }
    }
}

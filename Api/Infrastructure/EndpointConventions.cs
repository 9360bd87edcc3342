using System.Text.Json;
using FastEndpoints;

namespace EventScheduler.Api.Infrastructure;

public static class EndpointConventions
{
    /// <summary>Declares problem+json responses for the given status codes in the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.Produces<Problem>(status, Problems.ContentType);
        }

        return builder;
    }
}

/// <summary>Reads JSON bodies with the shared options and, when the body does not parse, remembers
/// where, so the validation problem names the field (<c>errors.inPersonCapacity</c>) instead of
/// echoing the serializer's message with .NET type names.</summary>
public static class JsonBodyReader
{
    public const string ErrorItem = "json-error";
    public const string ErrorField = "body";

    public static async ValueTask<object?> ReadAsync(HttpRequest request, Type type, System.Text.Json.Serialization.JsonSerializerContext? context, CancellationToken ct)
    {
        try
        {
            // An empty body with a JSON content type (common from HTTP clients on verbs like /publish)
            // means "no fields", not a syntax error.
            if (request.ContentLength == 0)
            {
                return JsonSerializer.Deserialize("{}", type, JsonConfig.Options);
            }

            return await JsonSerializer.DeserializeAsync(request.Body, type, JsonConfig.Options, ct);
        }
        catch (JsonException ex)
        {
            request.HttpContext.Items[ErrorItem] = ex;
            throw;
        }
    }

    /// <summary>The field key and message for a body that failed to parse.</summary>
    public static (string Field, string Message) Describe(JsonException ex)
    {
        var path = ex.Path is null or "$" ? null : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path.TrimStart('$');
        if (ex.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return ("body", "Required properties are missing.");
        }

        if (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return ("body", "The JSON is nested too deeply.");
        }

        return path is null or ""
            ? ("body", "The body is not valid JSON for this request.")
            : (path, "The value has the wrong type or format for this field.");
    }
}

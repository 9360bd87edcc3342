using System.Text.Json.Serialization;

namespace EventScheduler.Api.Infrastructure;

/// <summary>RFC 9457 problem details, the body of every 4xx and 5xx. <c>code</c> is stable and is what
/// clients branch on; <c>title</c> and <c>detail</c> are for people.</summary>
public sealed class Problem
{
    /// <summary>URI of the problem type: /problems/{code}, which describes it.</summary>
    public required string Type { get; init; }

    /// <summary>Short summary of the HTTP status.</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>What went wrong in this request, for people.</summary>
    public string? Detail { get; init; }

    /// <summary>The request path.</summary>
    public string? Instance { get; init; }

    /// <summary>Stable machine-readable code; branch on this.</summary>
    public required string Code { get; init; }

    /// <summary>Validation messages keyed by the request field (camelCase, dotted for nested values).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The W3C trace id of the request (32 hex digits): the same id is on every log line and span of it.</summary>
    public string? TraceId { get; init; }

    /// <summary>Facts specific to the code, e.g. <c>conflictingSlotId</c> or <c>checkedInAt</c>.</summary>
    [JsonExtensionData]
    public IDictionary<string, object?>? Extensions { get; init; }
}

/// <summary>Thrown by stores and endpoints; the error middleware turns it into a problem response.</summary>
public sealed class ApiException(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    /// <summary>Response headers that go with the problem, e.g. Retry-After.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>();

    public static ApiException NotFound(string what) => new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{what} was not found.");

    public static ApiException PreconditionFailed() => new(StatusCodes.Status412PreconditionFailed, ErrorCodes.PreconditionFailed,
        "The resource has changed since you read it (If-Match does not match its current ETag). Read it again and retry.");
}

/// <summary>Codes used across endpoints. Never rename: clients branch on them.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string NotFound = "not_found";
    public const string PreconditionFailed = "precondition_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string InUse = "in_use";
    public const string Duplicate = "duplicate";
    public const string PayloadTooLarge = "payload_too_large";
    public const string BadRequest = "bad_request";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Internal = "internal_error";
    public const string Unavailable = "unavailable";
}

public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static Problem Create(HttpContext context, int status, string code, string? detail,
        IReadOnlyDictionary<string, string[]>? errors = null, IDictionary<string, object?>? extensions = null) => new()
    {
        Type = $"/problems/{code}",
        Title = Title(status),
        Status = status,
        Detail = detail,
        Instance = context.Request.Path.Value,
        Code = code,
        Errors = errors,
        TraceId = Observability.TraceIds.Of(context),
        Extensions = extensions is { Count: > 0 } ? extensions : null,
    };

    public static async Task WriteAsync(HttpContext context, int status, string code, string? detail,
        IReadOnlyDictionary<string, string[]>? errors = null, IDictionary<string, object?>? extensions = null,
        IDictionary<string, string>? headers = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsJsonAsync(Create(context, status, code, detail, errors, extensions), JsonConfig.Options,
            ContentType, context.RequestAborted);
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => status >= 500 ? "Internal Server Error" : "Error",
    };
}

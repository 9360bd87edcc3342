using Microsoft.OpenApi;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>The response headers of the contract, declared once under <c>components/headers</c>.</summary>
public static class ResponseHeaders
{
    public const string Location = "Location";
    public const string ETag = "ETag";
    public const string RetryAfter = "Retry-After";
    public static readonly string[] RateLimit = [RateLimitHeaders.Limit, RateLimitHeaders.Remaining, RateLimitHeaders.Reset];

    private static readonly Dictionary<string, (string Description, JsonSchemaType Type)> All = new()
    {
        [Location] = ("Path of the created resource.", JsonSchemaType.String),
        [ETag] = ("The resource's version as a strong entity tag (e.g. \"3\"); send it back in If-Match.", JsonSchemaType.String),
        [RetryAfter] = ("Seconds to wait before retrying.", JsonSchemaType.Integer),
        [RateLimitHeaders.Limit] = ("Requests allowed in the current window of the limit this request counted against (IETF draft RateLimit headers).", JsonSchemaType.Integer),
        [RateLimitHeaders.Remaining] = ("Requests left in the current window.", JsonSchemaType.Integer),
        [RateLimitHeaders.Reset] = ("Seconds until the current window ends and the budget is full again.", JsonSchemaType.Integer),
    };

    /// <summary>A single versioned resource in a 200/201 answer (a response type with a <c>Version</c>) carries
    /// its ETag; every endpoint that answers one sets it (<see cref="ETags.Set"/>).</summary>
    public static bool CarriesETag(Type? responseType) => responseType?.GetProperty("Version") is not null;

    public static IOpenApiHeader Reference(string name, OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        if (!document.Components.Headers.ContainsKey(name))
        {
            var (description, type) = All[name];
            document.Components.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
        }

        return new OpenApiHeaderReference(name, document);
    }
}

using EventScheduler.Api.Auth;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>What every operation shares, added after the binding rewrite: the security requirement (or
/// an explicit "no security" for public operations), the problem responses the middleware produces for
/// any endpoint (400, 401, 403, 413, 415, 429), and the response headers (Location, ETag, RateLimit-*).</summary>
public sealed class StandardResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (OperationNames.Definition(context.ApiDescription) is not { } definition)
        {
            return;
        }

        var method = context.ApiDescription.HttpMethod ?? "GET";
        var path = context.ApiDescription.RelativePath ?? "";
        operation.Responses ??= new OpenApiResponses();
        var secured = definition.AllowedRoles is { Count: > 0 } && !(definition.AnonymousVerbs?.Contains(method, StringComparer.OrdinalIgnoreCase) ?? false);
        var scheme = new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document);
        if (secured)
        {
            Problem(operation, context, 401, "No valid API key.");
            Problem(operation, context, 403, "The key's role may not do this.");
            operation.Security = [new OpenApiSecurityRequirement { [scheme] = [] }];
            operation.Description = $"{operation.Description}\n\nRoles: {string.Join(", ", definition.AllowedRoles!)}.".Trim();
        }
        else
        {
            // Public: anonymous callers are served (the empty requirement), and so are keyed ones, whose
            // role may show more (an organiser sees drafts and the stream). A wrong key is still refused.
            Problem(operation, context, 401, "An API key was sent but it is unknown or revoked.");
            operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [scheme] = [] }];
            operation.Description = $"{operation.Description}\n\nPublic: no API key needed.".Trim();
        }

        var hasQueryOrHeader = operation.Parameters?.Any(p => p.In is ParameterLocation.Query or ParameterLocation.Header) ?? false;
        if (operation.RequestBody is not null || hasQueryOrHeader)
        {
            Problem(operation, context, 400, "The request is malformed or breaks a validation rule (code validation_failed, errors keyed by field).");
        }

        if (operation.RequestBody is not null)
        {
            Problem(operation, context, 413, "The body is larger than 64 KiB.");
            Problem(operation, context, 415, "The body is not application/json.");
        }

        var limited = !string.Equals(path, "health", StringComparison.OrdinalIgnoreCase);
        if (limited)
        {
            Problem(operation, context, 429, "Too many requests from this API key or client address; retry after Retry-After seconds.");
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            var code = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
            if (code == 201)
            {
                concrete.Headers[ResponseHeaders.Location] = ResponseHeaders.Reference(ResponseHeaders.Location, context.Document);
            }

            if (code is 200 or 201 && ResponseHeaders.CarriesETag(ResponseType(context, code)))
            {
                concrete.Headers[ResponseHeaders.ETag] = ResponseHeaders.Reference(ResponseHeaders.ETag, context.Document);
            }

            if (code is 429 or 503)
            {
                concrete.Headers[ResponseHeaders.RetryAfter] = ResponseHeaders.Reference(ResponseHeaders.RetryAfter, context.Document);
            }

            if (limited && code != 503)
            {
                foreach (var name in ResponseHeaders.RateLimit)
                {
                    concrete.Headers[name] = ResponseHeaders.Reference(name, context.Document);
                }
            }

            if (concrete.Headers.Count == 0)
            {
                concrete.Headers = null;
            }
        }
    }

    private static Type? ResponseType(OperationFilterContext context, int status) =>
        context.ApiDescription.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == status)?.Type;

    private static void Problem(OpenApiOperation operation, OperationFilterContext context, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [Problems.ContentType] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(Problem), context.SchemaRepository) },
            },
        };
    }
}

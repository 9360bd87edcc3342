using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventScheduler.Api.Auth;
using FastEndpoints;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Swashbuckle sees a FastEndpoints endpoint as one operation whose only parameter is the
/// request DTO as a body. This rewrites it with FastEndpoints' binding rules, made explicit on the
/// DTOs: <c>[RouteParam]</c> properties and route template values are path parameters,
/// <c>[QueryParam]</c> properties (and every property on GET/DELETE) are query parameters,
/// <c>[FromHeader]</c> properties are headers, and only what is left is the JSON body.</summary>
public sealed partial class FastEndpointsOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var definition = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault();
        if (definition is null)
        {
            return;
        }

        var method = context.ApiDescription.HttpMethod ?? "GET";
        var bodyless = HttpMethods.IsGet(method) || HttpMethods.IsDelete(method) || HttpMethods.IsHead(method);
        var properties = definition.ReqDtoType == typeof(EmptyRequest)
            ? []
            : definition.ReqDtoType.GetProperties(BindingFlags.Public | BindingFlags.Instance);

        var parameters = new List<IOpenApiParameter>();
        var routeNames = RouteValue().Matches(context.ApiDescription.RelativePath ?? "").Select(m => m.Groups[1].Value).ToList();
        foreach (var name in routeNames)
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = context.SchemaGenerator.GenerateSchema(property?.PropertyType ?? typeof(string), context.SchemaRepository),
            });
        }

        var hasBody = false;
        foreach (var property in properties)
        {
            var location = Binding.Of(property, bodyless, routeNames);
            switch (location)
            {
                case BindingSource.Header:
                    var header = property.GetCustomAttribute<FromHeaderAttribute>()!;
                    parameters.Add(new OpenApiParameter
                    {
                        Name = header.HeaderName ?? property.Name,
                        In = ParameterLocation.Header,
                        Required = header.IsRequired,
                        Description = Describe(property),
                        Schema = context.SchemaGenerator.GenerateSchema(property.PropertyType, context.SchemaRepository),
                    });
                    break;
                case BindingSource.Query:
                    parameters.Add(new OpenApiParameter
                    {
                        Name = JsonNamingPolicy.CamelCase.ConvertName(property.Name),
                        In = ParameterLocation.Query,
                        Required = false,
                        Description = Describe(property),
                        Schema = context.SchemaGenerator.GenerateSchema(property.PropertyType, context.SchemaRepository),
                    });
                    break;
                case BindingSource.Body:
                    hasBody = true;
                    break;
            }
        }

        operation.Parameters = parameters;
        operation.Summary = definition.EndpointSummary?.Summary;
        if (!string.IsNullOrWhiteSpace(definition.EndpointSummary?.Description))
        {
            operation.Description = definition.EndpointSummary.Description;
        }
        operation.RequestBody = hasBody
            ? new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(definition.ReqDtoType, context.SchemaRepository) },
                },
            }
            : null;

        operation.Responses ??= new OpenApiResponses();

        // One status code can carry one response type in ApiExplorer, so an endpoint with a JSON body and a
        // text alternative (CSV export) declares the JSON type for both: text media types are strings.
        foreach (var response in operation.Responses.Values)
        {
            foreach (var (mediaType, content) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
            {
                if (mediaType.StartsWith("text/", StringComparison.Ordinal) && content is OpenApiMediaType media)
                {
                    media.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
                }
            }
        }
        var secured = definition.AllowedRoles is { Count: > 0 } && !(definition.AnonymousVerbs?.Contains(method, StringComparer.OrdinalIgnoreCase) ?? false);
        if (secured)
        {
            AddProblem(operation, context, 401, "No valid API key.");
            AddProblem(operation, context, 403, "The key's role may not do this.");
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [] }];
            operation.Description = $"{operation.Description}\n\nRoles: {string.Join(", ", definition.AllowedRoles!)}.".Trim();
        }
        else if (definition.AnonymousVerbs is { Length: > 0 })
        {
            // Public endpoints still reject a wrong key rather than silently ignoring it.
            AddProblem(operation, context, 401, "An API key was sent but it is unknown or revoked.");
            operation.Description = $"{operation.Description}\n\nPublic: no API key needed.".Trim();
        }

        if (hasBody || parameters.Any(p => p.In is ParameterLocation.Query or ParameterLocation.Header))
        {
            AddProblem(operation, context, 400, "The request is malformed or breaks a validation rule.");
        }

        if (hasBody)
        {
            AddProblem(operation, context, 413, "The body is larger than 64 KiB.");
            AddProblem(operation, context, 415, "The body is not application/json.");
        }

        // Every operation but the health probe is rate limited (RateLimiting:* settings).
        if (!string.Equals(context.ApiDescription.RelativePath, "health", StringComparison.OrdinalIgnoreCase))
        {
            AddProblem(operation, context, 429, "Too many requests from this API key or client address; retry after Retry-After seconds.");
            if (operation.Responses["429"] is OpenApiResponse tooMany)
            {
                tooMany.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before retrying.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    },
                };
            }
        }
    }

    private static string? Describe(PropertyInfo property) =>
        property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;

    private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, int status, string description)
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

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteValue();
}

public enum BindingSource
{
    Body,
    Route,
    Query,
    Header,
    None,
}

/// <summary>FastEndpoints' binding rules as this API uses them; shared by the operation and schema filters.</summary>
public static class Binding
{
    public static BindingSource Of(PropertyInfo property, bool bodyless, IReadOnlyCollection<string>? routeNames = null)
    {
        // [RouteParam] and [QueryParam] derive from [DontBind], so they are looked at first.
        if (property.GetCustomAttribute<RouteParamAttribute>() is not null
            || (routeNames?.Contains(property.Name, StringComparer.OrdinalIgnoreCase) ?? false))
        {
            return BindingSource.Route;
        }

        if (property.GetCustomAttribute<FromHeaderAttribute>() is not null)
        {
            return BindingSource.Header;
        }

        if (property.GetCustomAttribute<QueryParamAttribute>() is not null)
        {
            return BindingSource.Query;
        }

        // Only an unconditional [JsonIgnore] keeps a property out of the JSON; WhenWritingNull (optional
        // response fields such as manageToken) is still part of the schema.
        if (property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.Always }
            || property.GetCustomAttribute<FromClaimAttribute>() is not null
            || property.GetCustomAttribute<DontBindAttribute>() is not null)
        {
            return BindingSource.None;
        }

        return bodyless ? BindingSource.Query : BindingSource.Body;
    }
}

/// <summary>Removes non-body properties from request DTO schemas, so the body schema lists only
/// what is read from the body.</summary>
public sealed class NonBodyPropertiesSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is null || context.Type.IsEnum)
        {
            return;
        }

        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (Binding.Of(property, bodyless: false) is BindingSource.Body)
            {
                continue;
            }

            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            concrete.Properties.Remove(name);
            concrete.Required?.Remove(name);
        }
    }
}

/// <summary>Unique, readable schema ids: feature DTOs are named after their folder
/// (Features.Meetings.Create.Request -> MeetingsCreateRequest), generics after their arguments.</summary>
public static class SchemaIds
{
    private const string FeaturesPrefix = "EventScheduler.Api.Features.";

    public static string For(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return name + "Of" + string.Concat(type.GetGenericArguments().Select(For));
        }

        // Feature DTOs are all called Request/Response: name them after their folder. Other types keep
        // their own name; a clash makes document generation fail, which the contract test catches.
        if (type.Name is not ("Request" or "Response"))
        {
            return type.Name;
        }

        var ns = type.Namespace ?? "";
        var prefix = ns.StartsWith(FeaturesPrefix, StringComparison.Ordinal) ? ns[FeaturesPrefix.Length..].Replace(".", "", StringComparison.Ordinal) : ns.Replace(".", "", StringComparison.Ordinal);
        return prefix + type.Name;
    }
}

/// <summary>Tags and operation ids from the feature folder (Features.Meetings.Create -> meetingsCreate),
/// so generated clients get readable method names.</summary>
public static class OperationNames
{
    private const string FeaturesPrefix = "EventScheduler.Api.Features.";

    public static IList<string> Tags(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api) =>
        Definition(api)?.EndpointTags is { Count: > 0 } tags ? tags : ["Other"];

    public static string? Id(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api)
    {
        var ns = Definition(api)?.EndpointType.Namespace;
        if (ns is null || !ns.StartsWith(FeaturesPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = ns[FeaturesPrefix.Length..].Replace(".", "", StringComparison.Ordinal);
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static EndpointDefinition? Definition(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api) =>
        api.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault();
}

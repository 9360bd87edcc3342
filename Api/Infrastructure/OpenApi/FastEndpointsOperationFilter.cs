using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using FastEndpoints;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Swashbuckle sees a FastEndpoints endpoint as one operation whose only parameter is the
/// request DTO as a body. This rewrites it with FastEndpoints' binding rules, made explicit on the
/// DTOs: <c>[RouteParam]</c> properties and route template values are path parameters,
/// <c>[QueryParam]</c> properties (and every property on GET/DELETE) are query parameters,
/// <c>[FromHeader]</c> properties are headers, and only what is left is the JSON body. Descriptions
/// come from the properties' XML docs; the validator's constraints apply to parameters as to body fields.</summary>
public sealed partial class FastEndpointsOperationFilter : IOperationFilter
{
    /// <summary>Headers several endpoints share, described once.</summary>
    private static readonly Dictionary<string, string> HeaderDescriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["If-Match"] = "The ETag from a GET of this resource; the change is refused with 412 precondition_failed if it changed since.",
        ["Idempotency-Key"] = "Any unique value, 1-200 printable ASCII characters (use a UUID): a retry with the same key and body returns the first response unchanged.",
        ["X-Registration-Token"] = "The registration's manage token, from the sign-up response.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (OperationNames.Definition(context.ApiDescription) is not { } definition)
        {
            return;
        }

        var method = context.ApiDescription.HttpMethod ?? "GET";
        var path = context.ApiDescription.RelativePath ?? "";
        var bodyless = HttpMethods.IsGet(method) || HttpMethods.IsDelete(method) || HttpMethods.IsHead(method);
        var dto = definition.ReqDtoType;
        var properties = dto == typeof(EmptyRequest) ? [] : dto.GetProperties(BindingFlags.Public | BindingFlags.Instance);

        var parameters = new List<IOpenApiParameter>();
        var routeNames = RouteValue().Matches(path).Select(m => m.Groups[1].Value).ToList();
        foreach (var name in routeNames)
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = (property is null ? null : XmlDocs.For(property)) ?? RouteDescription(path, name),
                Schema = ParameterSchema(context, dto, property, property?.PropertyType ?? typeof(string)),
            });
        }

        var hasBody = false;
        foreach (var property in properties)
        {
            switch (Binding.Of(property, bodyless, routeNames))
            {
                case BindingSource.Header:
                    var header = property.GetCustomAttribute<FromHeaderAttribute>()!;
                    var headerName = header.HeaderName ?? property.Name;
                    parameters.Add(new OpenApiParameter
                    {
                        Name = headerName,
                        In = ParameterLocation.Header,
                        Required = header.IsRequired,
                        Description = XmlDocs.For(property) ?? HeaderDescriptions.GetValueOrDefault(headerName),
                        Schema = ParameterSchema(context, dto, property, property.PropertyType),
                    });
                    break;
                case BindingSource.Query:
                    parameters.Add(new OpenApiParameter
                    {
                        Name = JsonNamingPolicy.CamelCase.ConvertName(property.Name),
                        In = ParameterLocation.Query,
                        Required = false,
                        Description = XmlDocs.For(property),
                        Schema = ParameterSchema(context, dto, property, property.PropertyType),
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
                Description = XmlDocs.For(dto) ?? "The fields to write, as JSON.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(dto, context.SchemaRepository) },
                },
            }
            : null;
    }

    /// <summary>A parameter's schema: never nullable (an absent parameter is how "no value" is said),
    /// with the validator's limits.</summary>
    private static IOpenApiSchema ParameterSchema(OperationFilterContext context, Type dto, PropertyInfo? property, Type type)
    {
        var schema = context.SchemaGenerator.GenerateSchema(Nullable.GetUnderlyingType(type) ?? type, context.SchemaRepository);
        if (schema is OpenApiSchema concrete && property is not null)
        {
            concrete.Type &= ~JsonSchemaType.Null;
            WireValuesAttribute.ApplyTo(property, concrete);
            ValidationConstraints.For(dto, property.Name)?.ApplyTo(concrete, asParameter: true);
        }

        return schema;
    }

    /// <summary>"/meetings/{id}/slots/{slotId}": id is the meeting's, slotId the slot's.</summary>
    private static string RouteDescription(string path, string name)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.FindIndex(segments, s => s.StartsWith("{" + name, StringComparison.OrdinalIgnoreCase));
        var owner = index > 0 ? segments[index - 1] : "resource";
        var singular = owner switch
        {
            "faculty" => "faculty member",
            "api-keys" => "API key",
            _ when owner.EndsWith("ies", StringComparison.Ordinal) => owner[..^3] + "y",
            _ when owner.EndsWith('s') => owner[..^1],
            _ => owner,
        };
        return $"The {singular}'s id.";
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteValue();
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>An example for every JSON request body and success response. A DTO that has a
/// <c>public static Example</c> property shows that (realistic values of the alliance); any other gets
/// one made from its schema (<see cref="SchemaExample"/>), so new endpoints are never without.
/// Either way the example keeps only what the schema declares.</summary>
public sealed class ExamplesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (OperationNames.Definition(context.ApiDescription) is not { } definition)
        {
            return;
        }

        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
        {
            body.Example = For(definition.ReqDtoType, body.Schema, context.SchemaRepository);
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (!status.StartsWith('2') || response.Content is null || !response.Content.TryGetValue("application/json", out var media))
            {
                continue;
            }

            var type = context.ApiDescription.SupportedResponseTypes
                .FirstOrDefault(r => r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) == status)?.Type;
            media.Example = For(type, media.Schema, context.SchemaRepository);
        }
    }

    private static JsonNode? For(Type? type, IOpenApiSchema? schema, SchemaRepository repository)
    {
        if (schema is null)
        {
            return null;
        }

        var declared = type?.GetProperty("Example", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        return declared is null
            ? SchemaExample.For(schema, repository)
            : SchemaExample.Prune(JsonSerializer.SerializeToNode(declared, declared.GetType(), JsonConfig.Options), schema, repository);
    }
}

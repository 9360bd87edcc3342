using EventScheduler.Api.Infrastructure.Errors;
using Microsoft.OpenApi;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>The Problem schema with the error catalogue in it: <c>code</c> is an enum of every code
/// (each described), and the members some codes carry are typed properties.</summary>
public static class ProblemSchema
{
    public static void Apply(OpenApiSchema schema)
    {
        if (schema.Properties?.TryGetValue("code", out var code) == true && code is OpenApiSchema codeSchema)
        {
            codeSchema.Enum = ErrorCatalogue.All.Select(e => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(e.Code)!).ToList();
            codeSchema.Description = "Stable machine-readable code; branch on this. `type` is `/problems/{code}`, which describes it.\n\n"
                                     + string.Join('\n', ErrorCatalogue.All.Select(e => $"- `{e.Code}` ({e.Status}): {e.Description}"));
        }

        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (member, codes) in ErrorCatalogue.Members())
        {
            schema.Properties[member.Name] = new OpenApiSchema
            {
                Type = member.Type switch { "integer" => JsonSchemaType.Integer, "array" => JsonSchemaType.Array, _ => JsonSchemaType.String } | JsonSchemaType.Null,
                Format = member.Format,
                // Array members list names (e.g. the failing readiness conditions).
                Items = member.Type == "array" ? new OpenApiSchema { Type = JsonSchemaType.String } : null,
                Description = $"{member.Description} Only with {string.Join(", ", codes.Select(c => $"`{c}`"))}.",
            };
        }
    }
}

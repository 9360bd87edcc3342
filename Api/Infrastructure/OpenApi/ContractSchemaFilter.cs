using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Makes every component schema say what the code says: descriptions from the XML docs (types,
/// properties, enum values), the validators' constraints (<see cref="ValidationConstraints"/>), and
/// nullable references that OpenAPI 3.0 tools read (<c>nullable</c> beside a <c>type</c>, not alone
/// beside an <c>allOf</c>).</summary>
public sealed class ContractSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        var type = context.Type;
        concrete.Description ??= XmlDocs.For(type);
        if (type.IsEnum)
        {
            DescribeEnum(concrete, type);
            return;
        }

        if (concrete.Properties is null)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!concrete.Properties.TryGetValue(name, out var propertySchema) || propertySchema is not OpenApiSchema inner)
            {
                continue;
            }

            inner.Description ??= XmlDocs.For(property);
            var constraints = ValidationConstraints.For(type, property.Name);
            constraints?.ApplyTo(inner);
            if (constraints?.Required == true)
            {
                concrete.Required ??= new HashSet<string>();
                concrete.Required.Add(name);
            }

            TypeNullableReference(inner, context.SchemaRepository);
            if (inner is { AllOf: [OpenApiSchemaReference bare], Type: null, Description: null })
            {
                // Nothing said beside the reference: use it directly (a one-member allOf is noise to linters).
                concrete.Properties[name] = bare;
            }
        }
    }

    /// <summary>A wrapped reference (<c>allOf: [$ref]</c>) that may be null gets the referenced schema's
    /// type beside <c>nullable</c>: OpenAPI 3.0 ignores <c>nullable</c> without <c>type</c>.</summary>
    private static void TypeNullableReference(OpenApiSchema schema, SchemaRepository repository)
    {
        if (schema.AllOf is not { Count: 1 } || schema.AllOf[0] is not OpenApiSchemaReference reference)
        {
            return;
        }

        var nullable = (schema.Type?.HasFlag(JsonSchemaType.Null) ?? false) || schema.Extensions?.ContainsKey("nullable") == true;
        if (!nullable)
        {
            return;
        }

        var target = reference.Reference.Id is { } id && repository.Schemas.TryGetValue(id, out var found) ? found.Type : null;
        schema.Type = (target ?? JsonSchemaType.Object) | JsonSchemaType.Null;
    }

    /// <summary>The enum's summary, then each value in its wire form with its own summary.</summary>
    private static void DescribeEnum(OpenApiSchema schema, Type type)
    {
        var values = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (Wire: JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Name), Doc: XmlDocs.For(f)))
            .ToList();
        var lines = values.Select(v => v.Doc is null ? $"- `{v.Wire}`" : $"- `{v.Wire}`: {v.Doc}");
        schema.Description = $"{schema.Description ?? "One of:"}\n\n{string.Join('\n', lines)}".Trim();
    }
}

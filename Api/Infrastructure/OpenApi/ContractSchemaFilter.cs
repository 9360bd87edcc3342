using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Makes every component schema say what the code says: descriptions from the XML docs (types,
/// properties, enum values), the validators' constraints (<see cref="ValidationConstraints"/>), and
/// nullable references as OpenAPI 3.1 says them (<c>anyOf</c> with <c>type: null</c>).</summary>
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

        if (type == typeof(Problem))
        {
            ProblemSchema.Apply(concrete);
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!concrete.Properties.TryGetValue(name, out var propertySchema) || propertySchema is not OpenApiSchema inner)
            {
                continue;
            }

            inner.Description ??= XmlDocs.For(property);
            WireValuesAttribute.ApplyTo(property, inner);
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

    /// <summary>A wrapped reference (<c>allOf: [$ref]</c>) that may be null becomes
    /// <c>anyOf: [$ref, {type: null}]</c>, the OpenAPI 3.1 way that generators read as "this type or null"
    /// (3.0's <c>nullable</c> beside an <c>allOf</c> is ignored by strict tools).</summary>
    private static void TypeNullableReference(OpenApiSchema schema, SchemaRepository repository)
    {
        if (schema.AllOf is not { Count: 1 } || schema.AllOf[0] is not OpenApiSchemaReference reference
            || !(schema.Type?.HasFlag(JsonSchemaType.Null) ?? false))
        {
            return;
        }

        schema.AllOf = null;
        schema.Type = null;
        schema.AnyOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }];
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

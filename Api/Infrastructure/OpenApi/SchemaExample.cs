using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Example values made from a schema, valid against it: the first enum value, a sample per
/// format, numbers within the limits, strings within their lengths, one item per array.</summary>
public static class SchemaExample
{
    private const int MaxDepth = 6;

    public static JsonNode? For(IOpenApiSchema schema, SchemaRepository repository, string? name = null, int depth = 0)
    {
        var s = Resolve(schema, repository);
        if (s is null || depth > MaxDepth)
        {
            return null;
        }

        if (s.Enum is { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        var type = s.Type ?? JsonSchemaType.Object;
        if (type.HasFlag(JsonSchemaType.Object) && s.Properties is { Count: > 0 })
        {
            var result = new JsonObject();
            foreach (var (property, inner) in s.Properties)
            {
                if (For(inner, repository, property, depth + 1) is { } value)
                {
                    result[property] = value;
                }
            }

            return result;
        }

        if (type.HasFlag(JsonSchemaType.Array))
        {
            return s.Items is null || For(s.Items, repository, name, depth + 1) is not { } item ? new JsonArray() : new JsonArray(item);
        }

        if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
        {
            var min = decimal.TryParse(s.Minimum, CultureInfo.InvariantCulture, out var m) ? m : 1;
            return JsonValue.Create((long)Math.Max(min, 1));
        }

        if (type.HasFlag(JsonSchemaType.Boolean))
        {
            return JsonValue.Create(true);
        }

        if (type.HasFlag(JsonSchemaType.String))
        {
            return JsonValue.Create(Text(s, name));
        }

        return type.HasFlag(JsonSchemaType.Object) ? new JsonObject() : null;
    }

    /// <summary>Keeps only the properties the schema declares, and no nulls (an example shows values).</summary>
    public static JsonNode? Prune(JsonNode? node, IOpenApiSchema schema, SchemaRepository repository)
    {
        var s = Resolve(schema, repository);
        if (node is JsonObject obj && s?.Properties is { } properties)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (value is null || !properties.TryGetValue(key, out var inner))
                {
                    obj.Remove(key);
                    continue;
                }

                obj[key] = Prune(value?.DeepClone(), inner, repository);
            }
        }
        else if (node is JsonArray array && s?.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                array[i] = Prune(array[i]?.DeepClone(), items, repository);
            }
        }

        return node;
    }

    private static OpenApiSchema? Resolve(IOpenApiSchema schema, SchemaRepository repository) => schema switch
    {
        OpenApiSchemaReference r when r.Reference.Id is { } id && repository.Schemas.TryGetValue(id, out var target) => Resolve(target, repository),
        OpenApiSchema { AllOf: { Count: 1 } all } when all[0] is OpenApiSchemaReference => Resolve(all[0], repository),
        OpenApiSchema { AnyOf: { Count: 2 } any } when any[0] is OpenApiSchemaReference => Resolve(any[0], repository),
        OpenApiSchema concrete => concrete,
        _ => null,
    };

    private static string Text(OpenApiSchema s, string? name)
    {
        var text = s.Format switch
        {
            "uuid" => "0190a000-0000-7000-8000-000000000001",
            "date-time" => "2027-03-20T08:30:00.000+08:00",
            "date" => "2027-03-20",
            "email" => "zhang.wei@example.cn",
            "uri" => "https://example.org/",
            _ => name switch
            {
                null => "text",
                _ when name.EndsWith("Url", StringComparison.Ordinal) => "https://example.org/",
                _ when name.EndsWith("At", StringComparison.Ordinal) => "2027-03-20T08:30:00.000+08:00",
                _ => name,
            },
        };
        if (s.MaxLength is { } max && text.Length > max)
        {
            text = text[..max];
        }

        return s.MinLength is { } min && text.Length < min ? text.PadRight(min, 'x') : text;
    }
}

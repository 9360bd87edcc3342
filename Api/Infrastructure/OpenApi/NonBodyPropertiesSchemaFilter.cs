using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

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

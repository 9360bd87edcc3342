using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Drops component schemas nothing refers to: Swashbuckle generates one for every request
/// DTO before the operation filter decides a GET has no body.</summary>
public sealed partial class UnusedSchemasDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        while (true)
        {
            var json = Serialize(document);
            var referenced = SchemaRef().Matches(json).Select(m => m.Groups[1].Value).ToHashSet();
            var unused = schemas.Keys.Where(k => !referenced.Contains(k)).ToList();
            if (unused.Count == 0)
            {
                return;
            }

            foreach (var name in unused)
            {
                schemas.Remove(name);
            }
        }
    }

    private static string Serialize(OpenApiDocument document)
    {
        using var writer = new StringWriter();
        document.SerializeAsV3(new OpenApiJsonWriter(writer));
        return writer.ToString();
    }

    [GeneratedRegex("#/components/schemas/([^\"]+)\"")]
    private static partial Regex SchemaRef();
}

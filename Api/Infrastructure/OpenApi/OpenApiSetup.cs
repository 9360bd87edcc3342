using EventScheduler.Api.Auth;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>The OpenAPI document (<c>/swagger/v1/swagger.json</c>, committed as <c>openapi.json</c>) and
/// Swagger UI (<c>/swagger</c>).</summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/swagger/v1/swagger.json";

    public static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<ISerializerDataContractResolver>(new JsonSerializerDataContractResolver(JsonConfig.Options));
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "EventScheduler API",
                Version = "v1",
                Description = OpenApiText.Description,
                Contact = new OpenApiContact { Name = "Alliance EventScheduler maintainers" },
                License = new OpenApiLicense { Name = "Proprietary: for the members of the alliance", Identifier = "LicenseRef-Alliance-Proprietary" },
            });
            // Relative: Swagger UI's "Try it out" calls whatever host served the document.
            c.AddServer(new OpenApiServer { Url = "/", Description = "The host that serves this document" });
            c.CustomSchemaIds(SchemaIds.For);
            c.TagActionsBy(api => OperationNames.Tags(api));
            c.CustomOperationIds(OperationNames.Id);
            c.SupportNonNullableReferenceTypes();
            c.UseAllOfToExtendReferenceSchemas();
            foreach (var file in XmlDocs.Files)
            {
                c.IncludeXmlComments(file);
            }

            c.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key created by an admin (POST /api-keys).",
            });
            c.OperationFilter<FastEndpointsOperationFilter>();
            c.OperationFilter<StandardResponsesOperationFilter>();
            c.OperationFilter<ExamplesOperationFilter>();
            c.SchemaFilter<NonBodyPropertiesSchemaFilter>();
            c.SchemaFilter<ContractSchemaFilter>();
            c.DocumentFilter<TagsDocumentFilter>();
            c.DocumentFilter<UnusedSchemasDocumentFilter>();
        });
        return services;
    }

    /// <summary>The document at <c>/swagger/v1/swagger.json</c> and Swagger UI at <c>/swagger</c>.</summary>
    public static IApplicationBuilder UseApiDocument(this IApplicationBuilder app)
    {
        app.UseSwagger(o =>
        {
            o.RouteTemplate = "swagger/{documentName}/swagger.json";
            // 3.1: nullability is part of the type (type: [string, null]; anyOf [$ref, null]), which
            // generators (Kiota, openapi-typescript) and linters read the same way.
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        });
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            // Relative to the UI page, so it works behind any host or path prefix.
            o.SwaggerEndpoint("v1/swagger.json", "EventScheduler v1");
        });
        return app;
    }
}

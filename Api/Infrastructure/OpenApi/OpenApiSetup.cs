using EventScheduler.Api.Auth;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    /// <summary>The OpenAPI document (the committed <c>openapi.json</c> is this, served), built by Swashbuckle
    /// with the filters that teach it FastEndpoints' binding.</summary>
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
            });
            c.AddServer(new OpenApiServer { Url = "http://localhost:5080", Description = "Local (dotnet run --project Api)" });
            c.CustomSchemaIds(SchemaIds.For);
            c.TagActionsBy(api => OperationNames.Tags(api));
            c.CustomOperationIds(OperationNames.Id);
            c.SupportNonNullableReferenceTypes();
            c.UseAllOfToExtendReferenceSchemas();
            c.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key created by an admin (POST /api-keys).",
            });
            c.OperationFilter<FastEndpointsOperationFilter>();
            c.SchemaFilter<NonBodyPropertiesSchemaFilter>();
            c.DocumentFilter<UnusedSchemasDocumentFilter>();
        });
        return services;
    }

    /// <summary>The document at <c>/swagger/v1/swagger.json</c> and Swagger UI at <c>/swagger</c>.</summary>
    public static IApplicationBuilder UseApiDocument(this IApplicationBuilder app)
    {
        app.UseSwagger(o => o.RouteTemplate = "swagger/{documentName}/swagger.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "EventScheduler v1");
        });
        return app;
    }
}

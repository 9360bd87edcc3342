using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Api.Storage;
using FastEndpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventScheduler.Api;

/// <summary>Composition root: services, middleware order and start-up work (migrations, seeding).</summary>
public static class ApiApplication
{
    public const string SeedDemoFlag = "--seed-demo";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;

        services.AddSingleton(TimeProvider.System);
        services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IConfiguration>().GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
            var root = sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            var path = Path.IsPathRooted(options.Path) ? options.Path : Path.Combine(root, options.Path);
            return new Database(Path.GetFullPath(path), options.BusyTimeoutMs);
        });
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(RegistrationWriterOptions.Section).Get<RegistrationWriterOptions>() ?? new RegistrationWriterOptions());
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(IdempotencySettings.Section).Get<IdempotencySettings>() ?? new IdempotencySettings());
        Stores.Register(services);
        services.AddSingleton<Registrations.RegistrationService>();
        services.Configure<Features.Programme.LiveFeedOptions>(builder.Configuration.GetSection(Features.Programme.LiveFeedOptions.Section));
        services.AddSingleton<Features.Programme.LiveFeedHub>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<ReadCache>();
        Integration.WebhookSetup.Add(services, builder.Configuration);
        RateLimits.Add(services, builder.Configuration);
        services.AddSingleton<RegistrationCounterStore>();
        Pages.Infrastructure.AttendeePages.Add(services);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddFastEndpoints(o => o.IncludeAbstractValidators = false);
        // Messages name fields as clients write them ('allianceRole', not 'Alliance Role').
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);

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

        return builder.Build();
    }

    /// <summary>Applies migrations, then handles command-line verbs. Returns true when the process should exit.</summary>
    public static async Task<bool> RunCommandsAsync(WebApplication app, string[] args)
    {
        await PrepareAsync(app.Services, CancellationToken.None);
        if (args.Contains(SeedDemoFlag))
        {
            var created = await DemoSeed.RunAsync(app.Services, CancellationToken.None);
            app.Logger.LogInformation("Demo data {Outcome}.", created ? "loaded" : "already present");
        }

        Configure(app);
        return false;
    }

    public static Task PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        // Fail at start-up, not on the first request, when the auth configuration is unsafe.
        _ = services.GetRequiredService<ApiKeyService>();
        return Migrator.MigrateAsync(services.GetRequiredService<Database>(), services.GetRequiredService<TimeProvider>(), ct);
    }

    public static void Configure(WebApplication app)
    {
        app.UseMiddleware<ErrorHandlingMiddleware>();
        Pages.Infrastructure.AttendeePages.UseAssets(app);
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseMiddleware<JsonOnlyMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<RejectInvalidKeyMiddleware>();
        app.UseAuthorization();
        app.UseFastEndpoints(c =>
        {
            JsonConfig.Configure(c.Serializer.Options);
            c.Errors.StatusCode = StatusCodes.Status400BadRequest;
            c.Errors.ContentType = Problems.ContentType;
            c.Errors.ProducesMetadataType = typeof(Problem);
            c.Serializer.RequestDeserializer = JsonBodyReader.ReadAsync;
            c.Serializer.SerializerErrorsField = JsonBodyReader.ErrorField;
            // Enum values in query strings and routes are the same snake_case as in JSON (in_person, vice_chair).
            foreach (var type in typeof(Domain.Meetings.MeetingStatus).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic))
            {
                ParseResult Parse(Microsoft.Extensions.Primitives.StringValues v) =>
                    EnumText.TryParse(type, v.ToString(), out var value) ? new ParseResult(true, value) : new ParseResult(false, null);
                c.Binding.ValueParserFor(type, Parse);
                c.Binding.ValueParserFor(typeof(Nullable<>).MakeGenericType(type), Parse);
            }

            c.Errors.ResponseBuilder = (failures, ctx, status) => Problems.Create(ctx, status, ErrorCodes.ValidationFailed,
                "One or more fields are invalid.",
                failures.Select(f => f.PropertyName == JsonBodyReader.ErrorField && ctx.Items[JsonBodyReader.ErrorItem] is System.Text.Json.JsonException json
                        ? JsonBodyReader.Describe(json)
                        : (Field: ValidationFieldName(f.PropertyName), Message: f.ErrorMessage))
                    .GroupBy(f => f.Field)
                    .ToDictionary(g => g.Key, g => g.Select(f => f.Message).Distinct().ToArray()));
        });
        Pages.Infrastructure.AttendeePages.Map(app);
        app.UseSwagger(o => o.RouteTemplate = "swagger/{documentName}/swagger.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "EventScheduler v1");
        });
    }

    /// <summary>Field keys as the client wrote them: camelCase, with the JSON path of a body that failed to parse.</summary>
    private static string ValidationFieldName(string name)
    {
        if (name.StartsWith("$.", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        return string.Join('.', name.Split('.').Select(part => part.Length > 0 ? char.ToLowerInvariant(part[0]) + part[1..] : part));
    }
}

using FastEndpoints;

namespace EventScheduler.Api.Infrastructure;

public static class EndpointSetup
{
    /// <summary>FastEndpoints with FluentValidation, and the cache of serialized public responses.</summary>
    public static IServiceCollection AddApiEndpoints(this IServiceCollection services)
    {
        services.AddFastEndpoints(o => o.IncludeAbstractValidators = false);
        // Messages name fields as clients write them ('allianceRole', not 'Alliance Role').
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        services.AddSingleton<ReadCache>();
        return services;
    }

    /// <summary>Maps the endpoints with the service's JSON conventions and problem+json validation errors.</summary>
    public static WebApplication UseApiEndpoints(this WebApplication app)
    {
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
        return app;
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

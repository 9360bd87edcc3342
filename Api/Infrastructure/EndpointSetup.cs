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
                // A body that did not deserialize is explained by the reader (every unknown field, in plain
                // words); FastEndpoints' own failure for it carries the serializer's message.
                (JsonBodyReader.Errors(ctx) ?? failures.Select(f => (Field: ValidationFieldName(f.PropertyName), Message: BindingMessage(ctx, f))))
                    .GroupBy(f => f.Field)
                    .ToDictionary(g => g.Key, g => g.Select(f => f.Message).Distinct().ToArray()));
        });
        return app;
    }

    /// <summary>FastEndpoints reports a route or query value it cannot parse as "Value [abc] is not valid for
    /// a [Int32] property!"; say instead what the field expects.</summary>
    private static string BindingMessage(HttpContext ctx, FluentValidation.Results.ValidationFailure failure)
    {
        if (!failure.ErrorMessage.StartsWith("Value [", StringComparison.Ordinal) || !failure.ErrorMessage.EndsWith("property!", StringComparison.Ordinal))
        {
            return failure.ErrorMessage;
        }

        var dto = ctx.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>()?.ReqDtoType;
        var property = dto?.GetProperty(failure.PropertyName, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
        return FieldMessages.ExpectedValue(ValidationFieldName(failure.PropertyName), property?.PropertyType);
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

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Unique, readable schema ids: feature DTOs are named after their folder
/// (Features.Meetings.Create.Request -> MeetingsCreateRequest), generics after their arguments.</summary>
public static class SchemaIds
{
    private const string FeaturesPrefix = "EventScheduler.Api.Features.";

    public static string For(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return name + "Of" + string.Concat(type.GetGenericArguments().Select(For));
        }

        // Feature DTOs are all called Request/Response: name them after their folder. Other types keep
        // their own name; a clash makes document generation fail, which the contract test catches.
        if (type.Name is not ("Request" or "Response"))
        {
            return type.Name;
        }

        var ns = type.Namespace ?? "";
        var prefix = ns.StartsWith(FeaturesPrefix, StringComparison.Ordinal) ? ns[FeaturesPrefix.Length..].Replace(".", "", StringComparison.Ordinal) : ns.Replace(".", "", StringComparison.Ordinal);
        return prefix + type.Name;
    }
}

using FastEndpoints;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace EventScheduler.Api.Infrastructure.OpenApi;

/// <summary>Tags and operation ids from the feature folder (Features.Meetings.Create -> meetingsCreate),
/// so generated clients get readable method names.</summary>
public static class OperationNames
{
    private const string FeaturesPrefix = "EventScheduler.Api.Features.";

    public static IList<string> Tags(ApiDescription api) =>
        Definition(api)?.EndpointTags is { Count: > 0 } tags ? tags : ["Other"];

    public static string? Id(ApiDescription api)
    {
        var ns = Definition(api)?.EndpointType.Namespace;
        if (ns is null || !ns.StartsWith(FeaturesPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = ns[FeaturesPrefix.Length..].Replace(".", "", StringComparison.Ordinal);
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static EndpointDefinition? Definition(ApiDescription api) =>
        api.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault();
}

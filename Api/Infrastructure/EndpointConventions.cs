using System.Text.Json;
using FastEndpoints;

namespace EventScheduler.Api.Infrastructure;

public static class EndpointConventions
{
    /// <summary>Declares problem+json responses for the given status codes in the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.Produces<Problem>(status, Problems.ContentType);
        }

        return builder;
    }
}

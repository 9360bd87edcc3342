using System.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace EventScheduler.Api.Observability;

/// <summary>One Information line per request, in place of ASP.NET Core's own request lines (pinned to Warning in
/// <see cref="ObservabilitySetup"/>): those print the full URL with its query string, and the query carries tokens
/// (personal join and manage links, <c>?token=</c>). This line names the route template, never the path or the
/// query, so no id, code or token of a person reaches the log; the trace id in its scope finds the request.</summary>
public sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            Answered(logger, context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 9100, EventName = "RequestAnswered", Level = LogLevel.Information,
        Message = "HTTP {HttpRequestMethod} {HttpRoute} answered {HttpResponseStatusCode} in {ElapsedMs:F1} ms")]
    private static partial void Answered(ILogger logger, string httpRequestMethod, string httpRoute, int httpResponseStatusCode, double elapsedMs);
}

namespace EventScheduler.Api.Infrastructure;

public static class HttpPipelineSetup
{
    /// <summary>Outermost: every exception and every bare error status becomes problem+json.</summary>
    public static IApplicationBuilder UseProblemResponses(this IApplicationBuilder app) =>
        app.UseMiddleware<ErrorHandlingMiddleware>();

    /// <summary>Bodies are at most 64 KiB and JSON, checked before anything reads them.</summary>
    public static IApplicationBuilder UseRequestBodyRules(this IApplicationBuilder app)
    {
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseMiddleware<JsonOnlyMiddleware>();
        return app;
    }
}

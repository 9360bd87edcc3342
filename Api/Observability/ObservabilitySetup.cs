using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Observability;

public static class ObservabilitySetup
{
    /// <summary>Logs (plain or JSON, each line with the W3C trace id of the work it belongs to), OpenTelemetry metrics
    /// (Prometheus scraping endpoint, OTLP when configured) and traces (when enabled).</summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var options = ObservabilityOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        AddLogging(builder.Logging, options);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("eventscheduler", serviceVersion: typeof(ObservabilitySetup).Assembly.GetName().Version?.ToString()));
        // Without a reader (no scraper, no OTLP) the SDK is left out: the instruments then have no listener and cost nothing.
        if (options.PrometheusEnabled || options.OtlpEndpoint is not null)
        {
            otel.WithMetrics(metrics =>
            {
                // http.server.request.duration (rate, latency, errors per http.route), Kestrel connections,
                // http.client.request.duration of webhook calls, and ours.
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("System.Net.Http")
                    .AddMeter(Telemetry.Name);
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.OtlpEndpoint is not null)
                {
                    // Reads OTEL_EXPORTER_OTLP_ENDPOINT/_PROTOCOL/_HEADERS itself.
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (options.TracingEnabled)
        {
            otel.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                    .AddSource(Telemetry.Name)
                    .AddSource("System.Net.Http");
                if (options.OtlpEndpoint is not null)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }

        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<OutboxBacklogReader>();
        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddSingleton<Features.Health.Readiness>();
        builder.Services.AddSingleton<IOutboxBacklogSource, WebhookBacklogSource>();
        builder.Services.AddSingleton<IOutboxBacklogSource, MailBacklogSource>();
        builder.Services.AddSingleton<OutboxBacklog>();
        builder.Services.AddHostedService<OutboxBacklogSampler>();
        builder.Services.AddSingleton<ServiceGauges>();
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> (anonymous, like <c>/health</c>: a scraper has no key) unless switched off, and
    /// creates the gauges that read this host's queues.</summary>
    public static WebApplication UseObservability(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<ServiceGauges>();
        if (app.Services.GetRequiredService<ObservabilityOptions>().PrometheusEnabled)
        {
            app.MapPrometheusScrapingEndpoint().AllowAnonymous();
        }

        return app;
    }

    /// <summary>Framework categories whose Information/Debug lines print what must not reach a log: the request lines
    /// print the URL with its query string, where personal links carry their tokens (<see cref="RequestLog"/> writes one
    /// line per request without them); the redirect lines print the destination, the join link's stream URL. Pinned
    /// to Warning whatever the configured level (a test scans a Debug log of a whole flow).</summary>
    private static readonly string[] Quieted =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Http.Result.RedirectResult",
        "Microsoft.AspNetCore.Mvc.Infrastructure.RedirectResultExecutor",
    ];

    /// <summary>First in the pipeline, so it sees the final status of every request.</summary>
    public static WebApplication UseRequestLog(this WebApplication app)
    {
        app.UseMiddleware<RequestLog>();
        return app;
    }

    /// <summary>Probes and scrapes every few seconds would drown the traces that matter.</summary>
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    private static void AddLogging(ILoggingBuilder logging, ObservabilityOptions options)
    {
        // Every line written while an Activity runs (a request, a writer batch, a delivery) carries its trace and span id.
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        foreach (var category in Quieted)
        {
            logging.AddFilter(category, LogLevel.Warning);
        }
        if (options.JsonLogs)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                // Log shippers read UTF-8; names in Chinese stay readable instead of \uXXXX.
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else
        {
            logging.AddSimpleConsole(o => o.IncludeScopes = true);
        }
    }
}

namespace EventScheduler.Api.Observability;

/// <summary>Settings of metrics, traces and logs (sections <c>Metrics</c>, <c>Tracing</c>, <c>Logging:Format</c>, and
/// OpenTelemetry's own <c>OTEL_EXPORTER_OTLP_*</c>, read from the environment or the configuration).</summary>
public sealed class ObservabilityOptions
{
    /// <summary><c>Metrics:Prometheus:Enabled</c>: serve <c>/metrics</c> (anonymous) for a Prometheus scraper.</summary>
    public bool PrometheusEnabled { get; init; } = true;

    /// <summary><c>Metrics:SampleInterval</c>: how often queue gauges read what they need from the database (outbox backlogs).</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (environment variable or setting): send metrics and traces over OTLP.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary><c>Tracing:Enabled</c>: record spans. Default: on when an OTLP endpoint is configured (without an exporter
    /// nothing would read them).</summary>
    public bool TracingEnabled { get; init; }

    /// <summary><c>Logging:Format</c>: <c>json</c> for one JSON object per line, else the plain console format.</summary>
    public bool JsonLogs { get; init; }

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static ObservabilityOptions From(IConfiguration configuration)
    {
        var otlp = configuration[OtlpEndpointKey];
        return new ObservabilityOptions
        {
            PrometheusEnabled = configuration.GetValue("Metrics:Prometheus:Enabled", true),
            SampleInterval = configuration.GetValue("Metrics:SampleInterval", TimeSpan.FromSeconds(5)),
            OtlpEndpoint = string.IsNullOrWhiteSpace(otlp) ? null : otlp,
            TracingEnabled = configuration.GetValue("Tracing:Enabled", !string.IsNullOrWhiteSpace(otlp)),
            JsonLogs = string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase),
        };
    }
}

using System.Diagnostics;

namespace EventScheduler.Api.Observability;

/// <summary>W3C traceparent values (<c>00-{trace id}-{span id}-{flags}</c>) as outbox rows keep them, so a delivery made
/// later, perhaps by another process, continues the trace of the work that recorded it.</summary>
public static class TraceParents
{
    /// <summary>The current activity's traceparent; null when nothing is traced.</summary>
    public static string? Current() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>The traceparent of a captured context (a request's, kept by its registration command); null for none.</summary>
    public static string? Of(ActivityContext context) =>
        context == default
            ? null
            : $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}

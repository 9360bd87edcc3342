using System.Diagnostics;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Observability;

/// <summary>Spans and metrics of the registration writer. A batch carries up to hundreds of requests, so its span
/// cannot be a child of each: it is a child of the first request it carries (a lone sign-up, the usual case outside a
/// burst, is then one trace: request → batch → commit → response) and links to every other request's span, as
/// OpenTelemetry's messaging conventions do for batches. A request span was chosen as parent over a per-request wait
/// span so the cost is per batch, not per request. The metrics (batch size, commit time, batch time) are recorded
/// once per batch.</summary>
public static class WriterTelemetry
{
    /// <summary>OpenTelemetry's default span link limit; a larger batch names its size in a tag.</summary>
    private const int MaxLinks = 128;

    public static Activity? StartBatch(IReadOnlyList<IRegistrationCommand> batch)
    {
        if (!Telemetry.Source.HasListeners() || batch.Count == 0)
        {
            return null;
        }

        var parent = default(ActivityContext);
        List<ActivityLink>? links = null;
        foreach (var command in batch)
        {
            if (command.Origin == default)
            {
                continue;
            }

            if (parent == default)
            {
                parent = command.Origin;
            }
            else if ((links ??= []).Count < MaxLinks)
            {
                links.Add(new ActivityLink(command.Origin));
            }
        }

        var activity = Telemetry.Source.StartActivity("registration_writer.batch", ActivityKind.Internal, parent, links: links);
        activity?.SetTag("eventscheduler.registration_writer.batch.size", batch.Count);
        return activity;
    }

    public static Activity? StartCommit() => Telemetry.Source.StartActivity("registration_writer.commit");

    public static void Committed(int commands, long started, long commitStarted)
    {
        var commit = Stopwatch.GetElapsedTime(commitStarted).TotalSeconds;
        Telemetry.WriterBatchSize.Record(commands);
        Telemetry.WriterCommitDuration.Record(commit);
        Telemetry.WriterBatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>A batch that did not commit: its span says why (its commands all answer 503).</summary>
    public static void Failed(Activity? batch, Exception error) => batch?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
}

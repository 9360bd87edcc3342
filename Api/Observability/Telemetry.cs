using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EventScheduler.Api.Observability;

/// <summary>The service's own trace source and meter, both named <see cref="Name"/>, and the instruments that
/// have no per-host state (counters and histograms). Observable instruments, which read a host's queues, are
/// created per host by <see cref="ServiceGauges"/>. Instrument names follow the OpenTelemetry semantic
/// conventions: the framework's own (<c>http.server.request.duration</c>, <c>http.client.request.duration</c>)
/// where one exists, ours under the <c>eventscheduler.</c> prefix, durations in seconds.</summary>
public static class Telemetry
{
    public const string Name = "EventScheduler";

    /// <summary>Spans of the writer's batches and commits and of outbox deliveries. Without a listener
    /// (tracing off) <c>StartActivity</c> returns null and costs nothing.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>Static so that code without a host (storage's fault translation) can count; a process runs
    /// one service, and the instruments carry no reference to a host.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Commands per registration-writer transaction (one fsync each).</summary>
    public static readonly Histogram<int> WriterBatchSize = Meter.CreateHistogram(
        "eventscheduler.registration_writer.batch.size", "{command}", "Commands carried by one registration-writer transaction.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    /// <summary>COMMIT of one registration-writer batch (the fsync), in seconds.</summary>
    public static readonly Histogram<double> WriterCommitDuration = Meter.CreateHistogram(
        "eventscheduler.registration_writer.commit.duration", "s", "Time to commit one registration-writer batch (the fsync).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>One registration-writer batch from its first command to its answers, in seconds.</summary>
    public static readonly Histogram<double> WriterBatchDuration = Meter.CreateHistogram(
        "eventscheduler.registration_writer.batch.duration", "s", "Time to run and commit one registration-writer batch.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>SQLite faults answered 503, by <c>error.type</c> (busy, locked, full, read_only, io, cannot_open,
    /// corrupt, replaced). Busy and locked are the write-lock waits that outlasted the busy timeout.</summary>
    public static readonly Counter<long> DatabaseFaults = Meter.CreateCounter<long>(
        "eventscheduler.database.faults", "{fault}", "SQLite faults answered 503 (busy and locked: another writer held the lock too long).");

    /// <summary>Requests refused 429 by a rate limit, by <c>eventscheduler.rate_limit.budget</c>.</summary>
    public static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "eventscheduler.rate_limit.rejections", "{request}", "Requests refused with 429 by a rate limit.");

    /// <summary>Outbox deliveries attempted, by <c>eventscheduler.outbox</c> and <c>eventscheduler.outcome</c>.</summary>
    public static readonly Counter<long> OutboxDeliveries = Meter.CreateCounter<long>(
        "eventscheduler.outbox.deliveries", "{delivery}", "Outbox delivery attempts (webhooks, mail) by outcome.");

    public const string OutboxTag = "eventscheduler.outbox";
    public const string OutcomeTag = "eventscheduler.outcome";
    public const string BudgetTag = "eventscheduler.rate_limit.budget";
    public const string ErrorTypeTag = "error.type";

    public static void CountFault(string errorType) =>
        DatabaseFaults.Add(1, new KeyValuePair<string, object?>(ErrorTypeTag, errorType));

    public static void CountRejection(string budget) =>
        RateLimitRejections.Add(1, new KeyValuePair<string, object?>(BudgetTag, budget));

    public static void CountDelivery(string outbox, string outcome) =>
        OutboxDeliveries.Add(1, new KeyValuePair<string, object?>(OutboxTag, outbox), new KeyValuePair<string, object?>(OutcomeTag, outcome));

    /// <summary>The span of one outbox delivery attempt (a webhook, a mail), a child of the work that recorded the message:
    /// its W3C <paramref name="traceParent"/> is stored with the outbox row, so one trace runs change → outbox → delivery
    /// even when another process delivers, later.</summary>
    public static Activity? StartDelivery(string name, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent);
        return Source.StartActivity(name, ActivityKind.Producer, parent);
    }

    /// <summary>Counts the attempt by outbox and outcome and closes its span with the outcome (an error status carrying
    /// <paramref name="error"/> when it <paramref name="failed"/>).</summary>
    public static void EndDelivery(Activity? activity, string outbox, string outcome, bool failed, string? error)
    {
        CountDelivery(outbox, outcome);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OutcomeTag, outcome);
        if (failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }
}

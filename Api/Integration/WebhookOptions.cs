namespace EventScheduler.Api.Integration;

/// <summary>Configuration section <c>Webhooks</c>. TimeSpans are written "d.hh:mm:ss" (e.g. "3.00:00:00").</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Runs the fan-out and delivery worker. Subscriptions can be managed either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a delivery is retried, counted from its first attempt (or a manual redelivery).</summary>
    public TimeSpan MaxRetryAge { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Delay before the first retry; it doubles on each further failure, with ±25 % jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the worker looks for new changes and due retries when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts in flight at once.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Deliveries claimed per round, and changes fanned out per transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Finished deliveries (succeeded or failed) are deleted from the log this long after their last attempt.</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Allows destinations on loopback, private, link-local and other non-public addresses.
    /// Off in production (SSRF guard); tests and on-premise set-ups turn it on.</summary>
    public bool AllowPrivateDestinations { get; set; }
}

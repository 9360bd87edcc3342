namespace EventScheduler.Api.Infrastructure;

public sealed class IdempotencySettings
{
    public const string Section = "Idempotency";

    /// <summary>How long a key and its stored response are kept (at least 24 hours).</summary>
    public int RetentionHours { get; set; } = 48;
}

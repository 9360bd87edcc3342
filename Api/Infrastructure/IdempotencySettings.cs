namespace EventScheduler.Api.Infrastructure;

public sealed class IdempotencySettings
{
    public const string Section = "Idempotency";

    /// <summary>How long a key and its stored response are kept (at least 24 hours).</summary>
    public int RetentionHours { get; set; } = 48;

    /// <summary>How long a request's claim on its key lasts (at least 1 s): a claim left by a process that died is
    /// taken over after it. Longer than any request's work may take (the write lock's busy timeout is 10 s); a
    /// request that outlives its claim still cannot commit a second effect (the key's record keeps the first).</summary>
    public int ClaimLeaseSeconds { get; set; } = 30;
}

namespace EventScheduler.Api.Storage;

/// <summary>What a store raises when it cannot do what it was asked. Storage knows nothing of HTTP: the one
/// place that turns these into problem+json is <c>Infrastructure/ErrorHandlingMiddleware</c>.</summary>
public abstract class StorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>No such entity, or one the caller may not see (the two are answered alike on purpose).</summary>
public sealed class NotFoundException(string entity, string? detail = null)
    : StorageException(detail ?? $"{entity} was not found.")
{
    /// <summary>What was looked for, in words ("Meeting", "Registration").</summary>
    public string Entity { get; } = entity;
}

/// <summary>The caller's precondition (an If-Match ETag) names a version that is no longer current.</summary>
public sealed class VersionMismatchException(int currentVersion)
    : StorageException("The resource has changed since you read it (If-Match does not match its current ETag). Read it again and retry.")
{
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>The database cannot take the work now (locked beyond the busy timeout, disk full, read-only,
/// replaced or deleted file, writer queue full, shutting down). The work did not happen; a retry may succeed.</summary>
public sealed class StorageUnavailableException(string reason, TimeSpan retryAfter, Exception? inner = null)
    : StorageException(reason, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Which versions of an entity a write may apply to: from an If-Match header, parsed by the HTTP
/// layer. <see cref="Any"/> (no header, or <c>*</c>) accepts every version.</summary>
public sealed class VersionPrecondition
{
    private readonly IReadOnlySet<int>? _versions;

    private VersionPrecondition(IReadOnlySet<int>? versions) => _versions = versions;

    public static VersionPrecondition Any { get; } = new(null);

    public static VersionPrecondition OneOf(IEnumerable<int> versions) => new(versions.ToHashSet());

    /// <summary>Throws <see cref="VersionMismatchException"/> unless <paramref name="currentVersion"/> is accepted.</summary>
    public void Check(int currentVersion)
    {
        if (_versions is not null && !_versions.Contains(currentVersion))
        {
            throw new VersionMismatchException(currentVersion);
        }
    }
}

/// <summary>Another request with this Idempotency-Key committed its effect first: this one must not have one. The
/// HTTP layer answers with that request's response (same request) or 422 (a different one).</summary>
/// <param name="existing">That request's record when the store has it at hand; null: look it up.</param>
public sealed class IdempotencyKeyUsedException(IdempotencyRecord? existing)
    : StorageException("Another request with this Idempotency-Key has already been answered.")
{
    public IdempotencyRecord? Existing { get; } = existing;
}

/// <summary>Another request with this Idempotency-Key holds its claim (is still running, in this or another process).</summary>
public sealed class IdempotencyKeyInFlightException()
    : StorageException("A request with this Idempotency-Key is still being processed.");

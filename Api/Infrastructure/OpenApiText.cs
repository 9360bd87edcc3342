namespace EventScheduler.Api.Infrastructure;

/// <summary>The API description shown at the top of the OpenAPI document and Swagger UI.</summary>
public static class OpenApiText
{
    public const string Description = """
        Schedules the alliance's livestreamed surgery meetings: hospitals, faculty, hybrid meetings, their
        programme and registrations.

        **Authentication.** Staff and systems send `X-Api-Key`. Roles: `admin` (everything), `organiser`
        (hospitals, faculty, meetings, programme, registrations), `integration` (scoped to one hospital),
        `check_in`. Public endpoints need no key; a key that is sent but unknown or revoked is refused (401).
        A key with the wrong role gets 403.

        **Errors.** Every 4xx and 5xx is `application/problem+json` (RFC 9457) with a stable `code`;
        validation errors carry `errors` keyed by field.

        **Concurrency.** Single resources carry an `ETag`; send it back in `If-Match` on PUT and PATCH to get
        412 `precondition_failed` instead of overwriting someone else's change. PATCH is a JSON merge patch:
        fields you leave out keep their value, `null` clears a nullable field.

        **Idempotency.** Creating POSTs (sign-up, check-in, hospitals, faculty, meetings) accept an
        `Idempotency-Key` header (1-200 printable ASCII characters; use a UUID). The key, a fingerprint of the
        request and the response are stored in the same transaction as the effect, per caller (API key, or
        all anonymous callers together), for at least 24 hours (48 by default). A retry with the same key and
        request returns the stored status and body byte for byte (header `Idempotent-Replayed: true`); the same
        key with a different request gets 422 `idempotency_key_reused`; a retry while the first is still
        running gets 409 `idempotency_key_in_flight` with `Retry-After`. Failed requests are not stored, so
        a retry after a 4xx runs again.

        **Times** are RFC 3339 with an offset; a meeting's times are returned in the meeting's own time zone.

        **Privacy.** No field holds patient identifiers. The stream URL is never shown to anonymous callers.
        """;
}

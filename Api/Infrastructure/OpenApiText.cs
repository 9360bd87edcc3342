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

        **Times** are RFC 3339 with an offset; a meeting's times are returned in the meeting's own time zone.

        **Privacy.** No field holds patient identifiers. The stream URL is never shown to anonymous callers.
        """;
}

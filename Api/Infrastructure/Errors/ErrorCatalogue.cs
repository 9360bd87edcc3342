namespace EventScheduler.Api.Infrastructure.Errors;

/// <summary>A member a problem of some codes carries besides the standard ones.</summary>
/// <param name="Type">JSON Schema type: string, integer or array.</param>
/// <param name="Format">JSON Schema format (uuid, date-time) or null.</param>
public sealed record ProblemMember(string Name, string Type, string? Format, string Description);

/// <summary>One problem code: its HTTP status, what it means and what to do, and its extra members.</summary>
public sealed record ErrorInfo(string Code, int Status, string Description, params ProblemMember[] Members);

/// <summary>Every <c>code</c> the API can answer with. The OpenAPI document lists them (an enum on
/// <c>Problem.code</c>), <c>/problems/{code}</c> describes each (the problems' <c>type</c> URI), and
/// <c>ErrorCatalogueTests</c> fails when code in Api or Domain uses a code that is not here: add a row.</summary>
public static partial class ErrorCatalogue
{
    private static readonly ProblemMember ConflictingSlot = new("conflictingSlotId", "string", "uuid", "The slot this one clashes with.");
    private static readonly ProblemMember ConflictingMeeting = new("conflictingMeetingId", "string", "uuid", "The meeting of the clashing slot.");
    private static readonly ProblemMember Faculty = new("facultyId", "string", "uuid", "The faculty member booked twice.");
    private static readonly ProblemMember CheckedInAt = new("checkedInAt", "string", "date-time", "When the attendee was checked in (the first scan).");
    private static readonly ProblemMember RetryAfter = new("retryAfterSeconds", "integer", null, "Seconds to wait before retrying (also the Retry-After header).");

    public static IReadOnlyList<ErrorInfo> All { get; } =
    [
        // Any endpoint
        new("validation_failed", 400, "A field is missing, too long, of the wrong type or not a field of the request at all. `errors` names each field (camelCase, dotted for nested values) with messages in plain words."),
        new("bad_request", 400, "The request could not be read (malformed HTTP)."),
        new("invalid_cursor", 400, "`cursor` is not a `nextCursor` this list returned."),
        new("invalid_if_match", 400, "`If-Match` is not `*` or a list of quoted ETags."),
        new("unknown_reference", 400, "The request refers to something that does not exist."),
        new("required", 400, "A required text field is missing or blank; `errors` names it."),
        new("too_long", 400, "A text field is longer than allowed; `errors` names it."),
        new("invalid_characters", 400, "A text field contains control characters; `errors` names it."),
        new("unauthorized", 401, "No valid API key: none was sent where one is needed, or the key sent is unknown or revoked."),
        new("token_required", 401, "Send the registration's manage token in the X-Registration-Token header or as ?token=."),
        new("forbidden", 403, "The key's role may not do this."),
        new("not_found", 404, "Nothing at this path, or not visible to this caller (drafts to the public; other hospitals' registrations to an integration key)."),
        new("method_not_allowed", 405, "The path exists but not with this method; the Allow header lists the methods it takes."),
        new("in_use", 409, "Still referred to by something else (a hospital by faculty or meetings, a faculty member by slots); remove those references first."),
        new("duplicate", 409, "A resource with the same unique values already exists."),
        new("precondition_failed", 412, "The resource changed since you read it: If-Match does not match its ETag. Read it again and retry."),
        new("payload_too_large", 413, "The body is larger than 64 KiB."),
        new("unsupported_media_type", 415, "Send the body as application/json."),
        new("idempotency_key_invalid", 400, "Idempotency-Key must be 1-200 printable ASCII characters."),
        new("idempotency_key_reused", 422, "This Idempotency-Key was used with a different request; use a new key for a new request."),
        new("idempotency_key_in_flight", 409, "A request with this Idempotency-Key is still running; retry after Retry-After seconds to get its answer.", RetryAfter),
        new("rate_limited", 429, "Too many requests from this API key or client address (or for this e-mail); retry after Retry-After seconds.", RetryAfter),
        new("internal_error", 500, "Something went wrong on the server; the traceId identifies it in the server log."),
        new("unavailable", 503, "The service cannot take the request right now (database busy or unreachable, sign-up queue full); retry after Retry-After seconds.",
            new ProblemMember("database", "string", null, "From GET /health: unreachable when the database does not answer.")),
        new("not_ready", 503, "From GET /health/ready: the service should not get traffic now; `failing` names the conditions (database, writable, migrations, workers, identity, stopping) and `detail` says why.",
            new ProblemMember("failing", "array", null, "The readiness conditions that failed.")),

        // Hospitals and faculty
        new("hospital_exists", 409, "A hospital with this name already exists.", new ProblemMember("existingId", "string", "uuid", "The hospital that has the name.")),
        new("unknown_hospital", 400, "A hospital id in the request is not a hospital of the alliance."),
        new("unknown_faculty", 400, "A faculty id in the request is not a faculty member."),

        // Meetings
        new("meeting_ends_before_start", 400, "`endsAt` must be after `startsAt`."),
        new("meeting_too_long", 400, "The meeting lasts longer than the service allows (a few days at most); check `startsAt` and `endsAt`."),
        new("time_out_of_range", 400, "A time lies outside the years 2000 to 2199."),
        new("time_zone_unknown", 400, "`timeZone` is not an IANA time zone (e.g. Asia/Shanghai)."),
        new("language_unknown", 400, "`translations` has a key other than `zh` or `en`."),
        new("venue_required", 400, "In-person and hybrid meetings need a `venue`."),
        new("stream_required", 400, "Online and hybrid meetings need a `stream`."),
        new("stream_url_invalid", 400, "`stream.url` must be an absolute http or https URL."),
        new("capacity_invalid", 400, "A capacity must be zero or more (null: unlimited)."),
        new("capacity_not_applicable", 400, "A capacity was given for a mode the meeting's format does not offer."),
        new("series_number_invalid", 400, "`seriesNumber` must be 1 or more."),
        new("registration_window_invalid", 400, "`registrationOpensAt` must be before `registrationClosesAt`, which must not be after the meeting ends."),
        new("invalid_status_transition", 409, "The meeting's status does not allow this (e.g. completing a draft, publishing a cancelled meeting)."),
        new("cancellation_reason_required", 400, "Cancelling needs a `reason`."),
        new("meeting_starts_in_past", 409, "A meeting that has already started cannot be published."),
        new("meeting_not_started", 409, "A meeting can be completed only once it has started."),
        new("meeting_not_draft", 409, "Only drafts can be deleted; cancel a published meeting instead."),
        new("meeting_closed", 409, "The meeting is cancelled or completed; it no longer changes."),
        new("capacity_below_confirmed", 409, "A capacity cannot go below the number of confirmed registrations of that mode.", new ProblemMember("confirmed", "integer", null, "Confirmed registrations of that mode.")),
        new("mode_in_use", 409, "The new format drops a mode that still has registrations.", new ProblemMember("registrations", "integer", null, "Active registrations of the dropped mode.")),

        // Programme
        new("slot_ends_before_start", 400, "A slot's `endsAt` must be after its `startsAt`."),
        new("slot_outside_meeting", 409, "A slot must lie within its meeting's start and end."),
        new("slots_outside_meeting", 409, "Moving the meeting would leave slots outside it; send ?shiftSlots=true to move them along.", ConflictingSlot),
        new("slot_overlap", 409, "The slot overlaps another on the same channel.", ConflictingSlot),
        new("faculty_double_booked", 409, "A faculty member would be in two overlapping slots (as operator, speaker or moderator), across all meetings; back-to-back is fine.", Faculty, ConflictingSlot, ConflictingMeeting),
        new("consent_required", 409, "A surgery demonstration cannot go live without recorded consent (`consentRecorded`)."),
        new("programme_frozen", 409, "The meeting is cancelled or completed: its programme no longer changes."),
        new("surgery_fields_not_applicable", 400, "Procedure, approach, operating surgeons, origin hospital and consent belong to surgery_demo slots only."),
        new("lead_surgeon_required", 400, "A surgery demonstration needs at least one operating surgeon with role lead."),
        new("duplicate_operating_surgeon", 400, "A faculty member is listed twice among the operating surgeons."),
        new("invalid_live_transition", 409, "That live status change is not allowed from the slot's current status."),
        new("expected_start_required", 400, "A delayed status needs `expectedStartAt`."),
        new("expected_start_out_of_range", 400, "`expectedStartAt` is too far from the slot's scheduled start."),
        new("meeting_not_published", 409, "Live status changes need a published meeting."),
        new("slot_already_started", 409, "The slot has been on air; it cannot be deleted (its record stays)."),

        // Registrations
        new("already_registered", 409, "This e-mail already has an active registration for the meeting."),
        new("registration_closed", 409, "The meeting's registration window is not open.",
            new ProblemMember("registrationOpensAt", "string", "date-time", "When sign-up opens (null: when published)."),
            new ProblemMember("registrationClosesAt", "string", "date-time", "When sign-up closes.")),
        new("meeting_not_open", 409, "The meeting is not published (or is cancelled or completed), so nobody can register."),
        new("mode_not_offered", 409, "The meeting's format does not offer this attendance mode."),
        new("already_checked_in", 409, "The attendee was already checked in.", CheckedInAt),
        new("not_confirmed", 409, "Only a confirmed in-person registration can be checked in."),
        new("already_in_mode", 409, "The registration already has this mode."),
        new("already_waitlisted", 409, "The registration is already waiting for a seat of this mode."),
        new("registration_cancelled", 409, "The registration is cancelled."),
        new("registration_active", 409, "The registration still holds or waits for a place in a meeting that is ahead: cancel it first (the attendee is told), then erase its personal data."),
        new("message_not_failed", 409, "Only a failed message can be retried; this one is pending, sending, sent or skipped."),
        new("email_invalid", 400, "`email` is not an e-mail address (a quoted local part is accepted only where it means the same as unquoted)."),
        new("email_invisible_character", 400, "`email` contains an invisible character (zero-width space, soft hyphen, byte order mark): type the address again."),
        new("phone_invalid", 400, "`phone` is not a phone number (digits, spaces, +, -, parentheses)."),
        new("hospital_required", 400, "Give `hospitalId` or `hospitalName`."),
        new("hospital_out_of_scope", 403, "An integration key registers attendees of its own hospital only: `hospitalId` names another hospital. Leave it out (and give `hospitalName`) for someone from elsewhere."),

        // Webhooks
        new("webhook_url_invalid", 400, "The webhook `url` must be an absolute https (or http) URL."),
        new("webhook_destination_forbidden", 400, "The webhook URL resolves to a loopback, private or link-local address."),
        new("webhook_destination_unresolvable", 400, "The webhook URL's host name does not resolve."),
        new("webhook_disabled", 409, "The subscription is disabled; nothing can be redelivered to it."),

        // CME
        new("accreditation_required", 409, "The meeting has no CME accreditation."),
        new("accrediting_body_required", 400, "The accreditation needs its accrediting body."),
        new("project_number_required", 400, "The accreditation needs its project number."),
        new("credits_per_hour_out_of_range", 400, "Credits per hour are outside the allowed range."),
        new("max_credits_out_of_range", 400, "The maximum credits are outside the allowed range."),
        new("minimum_attendance_out_of_range", 400, "The minimum attendance is outside the allowed range."),
        new("rounding_step_out_of_range", 400, "The rounding step is outside the allowed range."),
        new("too_many_decimals", 400, "A credit value has more decimals than allowed."),
        new("adjustment_minutes_out_of_range", 400, "An attendance correction's minutes are outside the allowed range."),
        new("adjustment_reason_required", 400, "An attendance correction needs a reason."),
        new("slot_not_in_meeting", 400, "The slot is not part of this meeting."),
        new("meeting_not_live", 409, "Door scans are taken only while the meeting is published."),
        new("meeting_not_completed", 409, "Certificates are issued once the meeting is completed."),
        new("not_confirmed_in_person", 409, "Only a confirmed in-person attendee can be scanned at the door."),
        new("not_confirmed_online", 409, "Only a confirmed online attendee can join the stream."),
        new("no_stream", 409, "The meeting has no stream."),
        new("join_not_open_yet", 409, "The join link opens 30 minutes before the start.", new ProblemMember("opensAt", "string", "date-time", "When the join link opens.")),
        new("join_closed", 409, "The meeting is over; the join link is closed.", new ProblemMember("closedAt", "string", "date-time", "When the join link closed.")),
        new("certificate_revoked", 409, "The certificate was revoked."),
        new("certificate_already_revoked", 409, "The certificate is already revoked."),
        new("revocation_reason_required", 400, "Revoking a certificate needs a reason."),
    ];

    private static readonly Dictionary<string, ErrorInfo> ByCode = All.ToDictionary(e => e.Code, StringComparer.Ordinal);

    public static ErrorInfo? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>Every extension member, with the codes that carry it.</summary>
    public static IEnumerable<(ProblemMember Member, IReadOnlyList<string> Codes)> Members() =>
        All.SelectMany(e => e.Members.Select(m => (m, e.Code)))
            .GroupBy(x => x.m.Name)
            .Select(g => (g.First().m, (IReadOnlyList<string>)g.Select(x => x.Code).ToList()));
}

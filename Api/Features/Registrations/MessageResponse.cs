using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Common;

namespace EventScheduler.Api.Features.Registrations;

/// <summary>Where a message stands.</summary>
public enum MessageState
{
    /// <summary>Waiting to be sent (or to be retried after a failed attempt).</summary>
    Pending,

    /// <summary>Being handed to the SMTP server right now.</summary>
    Sending,

    /// <summary>Accepted by the SMTP server.</summary>
    Sent,

    /// <summary>Refused for good, given up after Email:MaxRetryAge, or of unknown fate after a crash; an organiser may retry it.</summary>
    Failed,

    /// <summary>No longer applied when its turn came (e.g. a reminder for a registration cancelled since).</summary>
    Skipped,
}

/// <summary>One message to an attendee, as organisers see it. Times are in the meeting's time zone.</summary>
public sealed class MessageResponse
{
    /// <summary>Id of the message; also part of its Message-ID header (es-{id}.…@…).</summary>
    public required long Id { get; init; }

    /// <summary>registration_confirmed, registration_waitlisted, registration_promoted, registration_mode_switched, registration_cancelled,
    /// registration_cancelled_by_organiser, meeting_cancelled, meeting_moved, meeting_reminder or manage_link.</summary>
    public required string Kind { get; init; }

    /// <summary>The language it is (or will be) written in.</summary>
    public required Language Language { get; init; }

    /// <summary>pending, sending, sent, failed or skipped.</summary>
    public required MessageState State { get; init; }

    /// <summary>Attempts made to hand it to the SMTP server.</summary>
    public required int Attempts { get; init; }

    /// <summary>Why the last attempt failed (or why it was skipped); null after success.</summary>
    public required string? LastError { get; init; }

    /// <summary>When the change that caused it was recorded.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it is next due, while pending.</summary>
    public required DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When it was last handed (or tried to be handed) to the SMTP server.</summary>
    public required DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>When the SMTP server accepted it.</summary>
    public required DateTimeOffset? SentAt { get; init; }

    public static MessageResponse From(MessageRow r, Language fallback, string timeZone) => new()
    {
        Id = r.Id,
        Kind = r.Kind,
        Language = r.Language is { } l ? EnumText.Parse<Language>(l) : fallback,
        State = EnumText.Parse<MessageState>(r.State),
        Attempts = (int)r.Attempts,
        LastError = r.LastError,
        CreatedAt = Instants.InZone(Instants.FromMs(r.CreatedAt), timeZone),
        NextAttemptAt = r.State == "pending" ? Instants.InZone(Instants.FromMs(r.DueAt), timeZone) : null,
        LastAttemptAt = Instants.InZone(Instants.FromMs(r.LastAttemptAt), timeZone),
        SentAt = Instants.InZone(Instants.FromMs(r.SentAt), timeZone),
    };
}

using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using FastEndpoints;

namespace EventScheduler.Api.Features.Meetings.Cancel;

/// <summary>Why the meeting is cancelled.</summary>
public sealed class Request : StatusChangeRequest
{
    /// <summary>Shown to attendees and the public.</summary>
    public string Reason { get; init; } = "";

    public sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(Meeting.MaxCancellationReasonLength);
    }
}

public sealed class Endpoint(MeetingStore store, TimeProvider time, MeetingChanges meetings) : StatusChangeEndpoint<Request>(store, time)
{
    public override void Configure() => ConfigureVerb("cancel", "Cancel a draft or published meeting, with a reason",
        "Every active registration is cancelled with it (status cancelled, cancellationReason meeting_cancelled, a " +
        $"registration.cancelled event each): in the same commit for the first {MeetingCancellationCascade.ChunkSize}, within moments for any beyond.");

    protected override void Apply(Meeting meeting, Request request, DateTimeOffset now) => meeting.Cancel(request.Reason, now);

    // The meeting's registrations are cancelled with it: seats, so the registration writer.
    protected override Task<Meeting> ChangeAsync(Request req, CancellationToken ct) => meetings.CancelAsync(req.Id, ETags.Precondition(req.IfMatch), req.Reason, ct);
}

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

public sealed class Endpoint(MeetingStore store, TimeProvider time) : StatusChangeEndpoint<Request>(store, time)
{
    public override void Configure() => ConfigureVerb("cancel", "Cancel a draft or published meeting, with a reason");

    protected override void Apply(Meeting meeting, Request request, DateTimeOffset now) => meeting.Cancel(request.Reason, now);
}

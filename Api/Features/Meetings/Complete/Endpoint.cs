using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Meetings.Complete;

public sealed class Request : StatusChangeRequest;

public sealed class Endpoint(MeetingStore store, TimeProvider time) : StatusChangeEndpoint<Request>(store, time)
{
    public override void Configure() => ConfigureVerb("complete", "Mark a published meeting that has started as completed");

    protected override void Apply(Meeting meeting, Request request, DateTimeOffset now) => meeting.Complete(now);
}

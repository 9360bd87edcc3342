using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;

namespace EventScheduler.Api.Features.Meetings.Publish;

public sealed class Request : StatusChangeRequest;

public sealed class Endpoint(MeetingStore store, TimeProvider time) : StatusChangeEndpoint<Request>(store, time)
{
    public override void Configure() => ConfigureVerb("publish", "Publish a draft: it becomes public and open for registration");

    protected override void Apply(Meeting meeting, Request request, DateTimeOffset now) => meeting.Publish(now);
}

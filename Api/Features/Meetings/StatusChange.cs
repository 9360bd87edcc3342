using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using FastEndpoints;

namespace EventScheduler.Api.Features.Meetings;

/// <summary>Route and precondition of the status-change verbs (publish, cancel, complete).</summary>
public class StatusChangeRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

/// <summary>The three status verbs differ only in the domain call, so they share the flow.</summary>
public abstract class StatusChangeEndpoint<TRequest>(MeetingStore store, TimeProvider time) : Endpoint<TRequest, MeetingResponse>
    where TRequest : StatusChangeRequest, new()
{
    protected void ConfigureVerb(string verb, string summary)
    {
        Post($"/meetings/{{id}}/{verb}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<MeetingResponse>(200).ProducesProblems(404, 409, 412), clearDefaults: true);
        Summary(s => s.Summary = summary);
        Tags("Meetings");
    }

    protected abstract void Apply(Meeting meeting, TRequest request, DateTimeOffset now);

    /// <summary>Further work on the change's own transaction, after the domain call (e.g. the mails a cancellation sends).</summary>
    protected virtual Task AlsoAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Meeting meeting, DateTimeOffset now,
        CancellationToken ct) => Task.CompletedTask;

    public override async Task HandleAsync(TRequest req, CancellationToken ct)
    {
        var updated = await store.UpdateAsync(req.Id, ETags.Precondition(req.IfMatch), async (c, tx, m) =>
        {
            var now = time.GetUtcNow();
            Apply(m, req, now);
            await AlsoAsync(c, tx, m, now, ct);
        }, ct);
        ETags.Set(HttpContext, updated.Version);
        await Send.OkAsync(MeetingResponse.From(updated, Caller.From(User)), ct);
    }
}

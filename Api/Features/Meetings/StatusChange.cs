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
    protected void ConfigureVerb(string verb, string summary, string? description = null)
    {
        Post($"/meetings/{{id}}/{verb}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<MeetingResponse>(200).ProducesProblems(404, 409, 412), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = summary;
            if (description is not null)
            {
                s.Description = description;
            }
        });
        Tags("Meetings");
    }

    protected abstract void Apply(Meeting meeting, TRequest request, DateTimeOffset now);

    /// <summary>Applies the verb and saves; a verb that moves seats (cancel) goes through the registration writer instead.</summary>
    protected virtual Task<Meeting> ChangeAsync(TRequest req, CancellationToken ct) =>
        store.UpdateAsync(req.Id, ETags.Precondition(req.IfMatch), m => Apply(m, req, time.GetUtcNow()), ct);

    public override async Task HandleAsync(TRequest req, CancellationToken ct)
    {
        var updated = await ChangeAsync(req, ct);
        ETags.Set(HttpContext, updated.Version);
        await Send.OkAsync(MeetingResponse.From(updated, Caller.From(User)), ct);
    }
}

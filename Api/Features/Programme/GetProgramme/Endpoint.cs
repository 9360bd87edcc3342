using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.GetProgramme;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

public sealed class Endpoint(ProgrammeReader programme, Database db, ReadCache cache) : Endpoint<Request, ProgrammeResponse>
{
    public override void Configure()
    {
        Get("/meetings/{id}/programme");
        AllowAnonymous();
        Description(b => b.Produces<ProgrammeResponse>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "The public programme: slots in order with people's names, titles and hospitals and the current live status";
            s.Description = "For published meetings (and ones completed or cancelled after publication). Nothing private: no consent "
                            + "details, no stream URL, and no patient data exists to show.";
        });
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        // The public programme is the hottest read: served from memory until the next write.
        var key = $"programme:{req.Id}";
        var generation = db.WriteGeneration;
        if (!cache.TryGet(key, generation, out var body))
        {
            var (meeting, slots) = await programme.ReadAsync(req.Id, ct);
            if (meeting is null || !ProgrammeVisibility.IsVisibleTo(meeting, Caller.From(User)))
            {
                throw ApiException.NotFound("Meeting");
            }

            body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ProgrammeResponse.From(meeting, slots), JsonConfig.Options);
            if (ProgrammeVisibility.IsVisibleTo(meeting, Caller.Anonymous))
            {
                // Only what anyone may see is cached: a draft's programme is built for staff each time.
                cache.Set(key, generation, body);
            }
        }

        HttpContext.Response.StatusCode = StatusCodes.Status200OK;
        HttpContext.Response.ContentType = "application/json; charset=utf-8";
        HttpContext.Response.ContentLength = body.Length;
        await HttpContext.Response.Body.WriteAsync(body, ct);
    }
}

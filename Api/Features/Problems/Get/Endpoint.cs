using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Infrastructure.Errors;
using FastEndpoints;

namespace EventScheduler.Api.Features.Problems.Get;

/// <summary>Which problem code to describe.</summary>
public sealed class Request
{
    /// <summary>A problem code, e.g. slot_overlap (the last segment of a problem's type URI).</summary>
    [RouteParam]
    public string Code { get; init; } = "";
}

public sealed class Endpoint : Endpoint<Request, ProblemTypeResponse>
{
    public override void Configure()
    {
        Get("/problems/{code}");
        AllowAnonymous();
        Description(b => b.Produces<ProblemTypeResponse>(200, "application/json", "text/html").ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "What one problem code means (the page a problem's type URI points at)";
            s.Description = "HTML for browsers (Accept: text/html), JSON otherwise.";
        });
        Tags("Problems");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var info = ErrorCatalogue.Find(req.Code) ?? throw ApiException.NotFound($"Problem code '{req.Code}'");
        var item = ProblemTypeResponse.From(info);
        if (ProblemPage.Wanted(HttpContext.Request))
        {
            await ProblemPage.WriteAsync(HttpContext, $"Problem {item.Code}", [item], ct);
            return;
        }

        await Send.OkAsync(item, ct);
    }
}

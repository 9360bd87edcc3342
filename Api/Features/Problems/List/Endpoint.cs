using EventScheduler.Api.Infrastructure.Errors;
using FastEndpoints;

namespace EventScheduler.Api.Features.Problems.List;

public sealed class Endpoint : EndpointWithoutRequest<ProblemCatalogueResponse>
{
    public override void Configure()
    {
        Get("/problems");
        AllowAnonymous();
        Description(b => b.Produces<ProblemCatalogueResponse>(200, "application/json", "text/html"), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "The error catalogue: every problem code with its status and meaning";
            s.Description = "HTML for browsers (Accept: text/html), JSON otherwise.";
        });
        Tags("Problems");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var items = ErrorCatalogue.All.Select(ProblemTypeResponse.From).ToList();
        if (ProblemPage.Wanted(HttpContext.Request))
        {
            await ProblemPage.WriteAsync(HttpContext, "EventScheduler API problem codes", items, ct);
            return;
        }

        await Send.OkAsync(new ProblemCatalogueResponse { Items = items }, ct);
    }
}

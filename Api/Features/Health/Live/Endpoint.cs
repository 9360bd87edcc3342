using FastEndpoints;

namespace EventScheduler.Api.Features.Health.Live;

/// <summary>The process answers.</summary>
public sealed class Response
{
    /// <summary>Always live: an answer at all is the signal.</summary>
    public required string Status { get; init; }
}

public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    private static readonly Response Live = new() { Status = "live" };

    public override void Configure()
    {
        Get("/health/live");
        AllowAnonymous();
        Description(b => b.Produces<Response>(200), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Liveness: the process answers";
            s.Description = "200 as long as the process serves HTTP; it reads nothing, so a busy or broken database never makes it fail. "
                            + "A supervisor restarts the process when this stops answering; a load balancer routes by GET /health/ready instead.";
        });
        Tags("Health");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Live, ct);
}

using EventScheduler.Api.Infrastructure;
using FastEndpoints;

namespace EventScheduler.Api.Features.Health.Ready;

/// <summary>Each readiness condition; all ok here (a failing one makes the answer a 503 problem naming it).</summary>
public sealed class Checks
{
    /// <summary>ok when the database answers a read.</summary>
    public required string Database { get; init; }

    /// <summary>ok when the database took a small durable write just now.</summary>
    public required string Writable { get; init; }

    /// <summary>ok when every migration of this build is applied and the database has none this build does not know.</summary>
    public required string Migrations { get; init; }

    /// <summary>ok when every background worker (registration writer, attendance writer, webhook and mail delivery, ...) runs.</summary>
    public required string Workers { get; init; }

    /// <summary>ok when the database file is still the one the service opened (not deleted or replaced).</summary>
    public required string Identity { get; init; }
}

/// <summary>The service can take traffic.</summary>
public sealed class Response
{
    /// <summary>Always ready here.</summary>
    public required string Status { get; init; }

    /// <summary>The conditions checked.</summary>
    public required Checks Checks { get; init; }
}

public sealed class Endpoint(Readiness readiness) : EndpointWithoutRequest<Response>
{
    public const string NotReadyCode = "not_ready";

    public override void Configure()
    {
        Get("/health/ready");
        AllowAnonymous();
        Description(b => b.Produces<Response>(200).ProducesProblems(503), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Readiness: the service can take traffic";
            s.Description = "200 when the database answers and takes a write, every migration is applied, every background worker runs and the "
                            + "database file is the one the service opened; else 503 not_ready naming the failing conditions (failing) and why (detail). "
                            + "Probes within a second share one verdict.";
        });
        Tags("Health");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var report = await readiness.CheckAsync();
        if (!report.Ready)
        {
            var problem = new ApiException(StatusCodes.Status503ServiceUnavailable, NotReadyCode, report.Detail ?? "Not ready.");
            problem.Extensions["failing"] = report.Failing;
            problem.Headers["Retry-After"] = "5";
            throw problem;
        }

        await Send.OkAsync(new Response
        {
            Status = "ready",
            Checks = new Checks
            {
                Database = report.Database, Writable = report.Writable, Migrations = report.Migrations, Workers = report.Workers,
                Identity = report.Identity,
            },
        }, ct);
    }
}

using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Health;

/// <summary>The service is up and its database answers.</summary>
public sealed class Response
{
    /// <summary>ok when the database answers and is the file the service opened (otherwise a 503 problem with code unavailable).</summary>
    public required string Status { get; init; }

    /// <summary>ok when the database answers.</summary>
    public required string Database { get; init; }
}

public sealed class Endpoint(Database db, ILogger<Endpoint> logger) : EndpointWithoutRequest<Response>
{
    private const string PingSql = "SELECT COUNT(*) FROM schema_migrations";

    public override void Configure()
    {
        Get("/health");
        AllowAnonymous();
        Description(b => b.Produces<Response>(200).ProducesProblems(503), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Liveness and database readiness";
            s.Description = "503 unavailable with database=replaced when the database file was deleted or replaced since the service opened it "
                            + "(writes are refused until a restart), database=unreachable when it does not answer.";
        });
        Tags("Health");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (db.Identity.Check() is { } lost)
        {
            // The operator needs the reason (it names the file); health is where they look.
            throw Unhealthy("replaced", lost);
        }

        try
        {
            await db.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(PingSql, cancellationToken: ct)), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Health check could not reach the database");
            throw Unhealthy("unreachable", "The database does not answer.");
        }

        await Send.OkAsync(new Response { Status = "ok", Database = "ok" }, ct);
    }

    private static ApiException Unhealthy(string database, string detail)
    {
        var problem = new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, detail);
        problem.Extensions["database"] = database;
        problem.Headers["Retry-After"] = "60";
        return problem;
    }
}

using Dapper;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Health;

/// <summary>The service is up and its database answers.</summary>
public sealed class Response
{
    /// <summary>ok when the database answers (otherwise a 503 problem with code unavailable).</summary>
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
        Summary(s => s.Summary = "Liveness and database readiness");
        Tags("Health");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        try
        {
            await db.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(PingSql, cancellationToken: ct)), ct);
            await Send.OkAsync(new Response { Status = "ok", Database = "ok" }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Health check could not reach the database");
            var problem = new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The database does not answer.");
            problem.Extensions["database"] = "unreachable";
            throw problem;
        }
    }
}

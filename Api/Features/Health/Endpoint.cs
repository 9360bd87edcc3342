using Dapper;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Health;

public sealed class Response
{
    /// <summary>ok when the database answers; unavailable otherwise (with status 503).</summary>
    public required string Status { get; init; }

    public required string Database { get; init; }
}

public sealed class Endpoint(Database db, ILogger<Endpoint> logger) : EndpointWithoutRequest<Response>
{
    private const string PingSql = "SELECT COUNT(*) FROM schema_migrations";

    public override void Configure()
    {
        Get("/health");
        AllowAnonymous();
        Description(b => b.Produces<Response>(200).Produces<Response>(503), clearDefaults: true);
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
            await Send.ResponseAsync(new Response { Status = "unavailable", Database = "unreachable" }, StatusCodes.Status503ServiceUnavailable, ct);
        }
    }
}

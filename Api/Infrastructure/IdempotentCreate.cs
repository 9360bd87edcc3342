using EventScheduler.Api.Auth;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Infrastructure;

/// <summary>The one mechanism by which a creating endpoint honours Idempotency-Key. It derives the operation from
/// the request's method and route, replays a stored response to a retry, and otherwise runs the effect with a
/// recorder that the store or the registration writer calls inside the transaction committing the effect (the
/// endpoint never sees a connection or a transaction), then sends the very response it recorded. Without a key
/// the response is built after the commit (off the writer's thread). The key's claim is kept in the database, so it
/// holds across processes (see <see cref="Idempotency"/>).</summary>
public sealed class IdempotentCreate(Idempotency idempotency)
{
    /// <summary>For an effect committed by a store's own transaction: the key is claimed in the database first (a short
    /// transaction of its own), and the store's transaction turns the claim into the record.</summary>
    /// <param name="key">The Idempotency-Key header, if sent.</param>
    /// <param name="request">The bound request (its JSON is part of the fingerprint).</param>
    /// <param name="create">Makes the effect; hands <c>recorder</c> (null without a key) to the store or service.</param>
    /// <param name="respond">The response to the effect's result.</param>
    /// <param name="refresh">For a replay: the stored response brought up to what a fresh read would show now (a
    /// sign-up's status and stream), or returned as is when nothing changed; null: replayed byte for byte.</param>
    public Task SendAsync<TResult>(HttpContext http, string? key, object request,
        Func<IdempotencyRecorder<TResult>?, Task<TResult>> create, Func<TResult, StoredResponse> respond, CancellationToken ct,
        Func<StoredResponse, Task<StoredResponse>>? refresh = null) =>
        SendCoreAsync(http, key, request, create, respond, claimInBatch: false, refresh, ct);

    /// <summary>For an effect committed by the registration writer (sign-up, check-in): the writer claims the key in its
    /// batch, under the write lock it holds anyway, so a keyed sign-up costs no transaction (and no fsync) of its own.</summary>
    public Task SendThroughWriterAsync<TResult>(HttpContext http, string? key, object request,
        Func<IdempotencyRecorder<TResult>?, Task<TResult>> create, Func<TResult, StoredResponse> respond, CancellationToken ct,
        Func<StoredResponse, Task<StoredResponse>>? refresh = null) =>
        SendCoreAsync(http, key, request, create, respond, claimInBatch: true, refresh, ct);

    private async Task SendCoreAsync<TResult>(HttpContext http, string? key, object request,
        Func<IdempotencyRecorder<TResult>?, Task<TResult>> create, Func<TResult, StoredResponse> respond, bool claimInBatch,
        Func<StoredResponse, Task<StoredResponse>>? refresh, CancellationToken ct)
    {
        await using var lease = await idempotency.BeginAsync(key, Caller.From(http.User), Operation(http), request, claimInBatch, ct);
        if (lease?.Replay is { } replay)
        {
            await (refresh is null ? replay : await refresh(replay)).WriteAsync(http, replayed: true, ct);
            return;
        }

        TResult result;
        try
        {
            result = await create(lease?.RecordWith(respond));
        }
        catch (StorageException taken) when (lease is not null && taken is IdempotencyKeyUsedException or IdempotencyKeyInFlightException)
        {
            // Another request with the key got there first (another process, or a twin in the writer's batch): its answer.
            var answer = await lease.AnswerTakenAsync(taken, ct);
            await (refresh is null ? answer : await refresh(answer)).WriteAsync(http, replayed: true, ct);
            return;
        }

        var response = lease is null
            ? respond(result)
            : lease.Recorded ?? throw new InvalidOperationException("The effect committed without recording its Idempotency-Key response.");
        // The record is committed and the claim ended with it: a retry from now on replays it.
        lease?.Committed();
        await response.WriteAsync(http, replayed: false, ct);
    }

    /// <summary>"POST /meetings/{id}/registrations" with the route's values filled in (ids in their canonical form),
    /// e.g. "POST /meetings/3f2a…/registrations": a key is bound to one operation on one resource.</summary>
    public static string Operation(HttpContext http)
    {
        if (http.GetEndpoint() is not RouteEndpoint route)
        {
            return $"{http.Request.Method} {http.Request.Path}";
        }

        var segments = route.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => Canonical(http.Request.RouteValues[parameter.Name]?.ToString()),
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return $"{http.Request.Method} /{string.Join('/', segments)}";
    }

    private static string Canonical(string? value) => Guid.TryParse(value, out var id) ? id.ToString() : value ?? "";
}

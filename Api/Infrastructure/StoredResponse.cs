using System.Text.Json;

namespace EventScheduler.Api.Infrastructure;

/// <summary>A response as sent, kept byte for byte for replays.</summary>
/// <param name="ETag">Sent with the first answer only (replays answer from the record, which does not keep it).</param>
public sealed record StoredResponse(int Status, string? Location, byte[] Body, string? ETag = null)
{
    public static StoredResponse Json<T>(int status, string? location, T body, int? version = null) =>
        new(status, location, JsonSerializer.SerializeToUtf8Bytes(body, JsonConfig.Options), version is { } v ? ETags.For(v) : null);

    public async Task WriteAsync(HttpContext context, bool replayed, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = Status;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }
        else if (ETag is not null)
        {
            response.Headers.ETag = ETag;
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, ct);
    }
}

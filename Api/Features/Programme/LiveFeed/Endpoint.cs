using System.Globalization;
using System.Text;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.LiveFeed;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>Sent by a reconnecting EventSource: the events after this id are replayed first.</summary>
    [FromHeader("Last-Event-ID", IsRequired = false)]
    public string? LastEventId { get; init; }

    /// <summary>Same as the Last-Event-ID header, for clients that cannot set headers.</summary>
    [QueryParam]
    public long? After { get; init; }
}

public sealed class Endpoint(LiveStatusStore store, MeetingStore meetings, LiveFeedHub hub, IHostApplicationLifetime lifetime)
    : Endpoint<Request>
{
    public const string ContentType = "text/event-stream";
    private const int ReplayBatch = 500;
    private static readonly ReadOnlyMemory<byte> Connected = Encoding.UTF8.GetBytes("retry: 3000\n: connected\n\n");

    public override void Configure()
    {
        Get("/meetings/{id}/live");
        AllowAnonymous();
        Description(b => b.Produces(200, typeof(string), ContentType).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Live feed of slot status changes (server-sent events)";
            s.Description = "text/event-stream: one 'slot.status_changed' event per live status change, data = JSON (meetingId, slotId, "
                            + "from, to, expectedStartAt, note, occurredAt, slot = public programme view). Each event has an id; reconnect with "
                            + "Last-Event-ID (or ?after=) to replay what was missed. A ': keep-alive' comment is sent when idle.";
        });
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken requestAborted)
    {
        // Streams end when the client leaves or the server shuts down (so shutdown never waits on open feeds).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var ct = stopping.Token;
        var meeting = await meetings.GetAsync(req.Id, ct);
        if (meeting is null || !ProgrammeVisibility.IsVisibleTo(meeting, Caller.From(User)))
        {
            throw ApiException.NotFound("Meeting");
        }

        var after = req.After ?? (long.TryParse(req.LastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0);
        // The client has everything up to here; the hub may still hand over such an event while its follower catches up.
        var resumedAfter = after;

        // Subscribe before replaying, so nothing committed in between is lost; duplicates are skipped.
        using var subscription = hub.Subscribe(meeting.Id);
        var response = HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            await WriteAsync(response, Connected, ct);
            // Ids replayed here that the hub may hand over again; null (nothing kept) when nothing was replayed.
            HashSet<long>? sent = null;
            while (true)
            {
                var batch = await store.ReplayAsync(meeting.Id, after, ReplayBatch, ct);
                foreach (var (id, payload) in batch)
                {
                    await WriteAsync(response, LiveFrame.From(id, payload).Bytes, ct);
                    (sent ??= []).Add(id);
                    after = id;
                }

                if (batch.Count < ReplayBatch)
                {
                    break;
                }
            }

            // Only this listener's channel is awaited: the hub's heartbeat puts the keep-alive in it (see LiveFeedHub).
            // False once the channel is closed: fell too far behind (or shutting down), and the client reconnects and
            // replays from its last id.
            while (await subscription.Reader.WaitToReadAsync(ct))
            {
                while (subscription.Reader.TryRead(out var frame))
                {
                    if (frame.IsKeepAlive || (frame.Id > resumedAfter && sent?.Contains(frame.Id) != true))
                    {
                        await response.Body.WriteAsync(frame.Bytes, ct);
                    }
                }

                // One flush for whatever was queued.
                await response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The listener went away.
        }
    }

    private static async Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await response.Body.WriteAsync(bytes, ct);
        await response.Body.FlushAsync(ct);
    }
}

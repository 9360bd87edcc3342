using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventScheduler.Tests.Api.Integration;

/// <summary>A real HTTP receiver (Kestrel on 127.0.0.1, a free port) that records every request and
/// answers with scripted statuses (then 200).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _defaults = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Paths of requests that arrived at a slow path (before their answer).</summary>
    public ConcurrentQueue<string> Arrived { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "";
            if (receiver._delays.TryGetValue(path, out var delay))
            {
                receiver.Arrived.Enqueue(path);
                await Task.Delay(delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            var status = context.RequestAborted.IsCancellationRequested ? 0 // the sender gave up: no answer was seen
                : receiver._scripts.TryGetValue(path, out var script) && script.TryDequeue(out var scripted) ? scripted
                : receiver._defaults.GetValueOrDefault(path, 200);
            receiver.Received.Enqueue(new ReceivedWebhook(
                path,
                context.Request.Headers["webhook-id"].ToString(),
                context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(),
                context.Request.ContentType,
                body,
                status,
                DateTimeOffset.UtcNow));
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/');
        return receiver;
    }

    /// <summary>The next requests to <paramref name="path"/> get these statuses, in order (then the default, 200).</summary>
    public void Script(string path, params int[] statuses)
    {
        var queue = _scripts.GetOrAdd(path, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>Requests to <paramref name="path"/> wait this long before they are answered.</summary>
    public void Delay(string path, TimeSpan delay) => _delays[path] = delay;

    public void NoDelay(string path) => _delays.TryRemove(path, out _);

    /// <summary>The answer to <paramref name="path"/> once its script is used up.</summary>
    public void AnswerAlways(string path, int status) => _defaults[path] = status;

    public IReadOnlyList<ReceivedWebhook> For(string path) => Received.Where(r => r.Path == path).ToList();

    /// <summary>Polls until <paramref name="done"/> holds for the requests to <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string path, Func<IReadOnlyList<ReceivedWebhook>, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var got = For(path);
            if (done(got))
            {
                return got;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting for webhooks at {path}; got {got.Count}: {string.Join(" | ", got.Select(g => $"{g.Status} {g.Body}"))}");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string? ContentType, string Body, int Status, DateTimeOffset ReceivedAt)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Type => Json["type"]!.GetValue<string>();
}

/// <summary>An independent Standard Webhooks verifier, written from the spec (not the server's code).</summary>
public static class StandardWebhooks
{
    public static bool Verify(string secret, ReceivedWebhook hook, TimeSpan tolerance)
    {
        if (!long.TryParse(hook.Timestamp, out var ts)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ts) > tolerance.TotalSeconds)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        using var hmac = new HMACSHA256(key);
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes($"{hook.Id}.{hook.Timestamp}.{hook.Body}"));
        // The header may carry several space-separated signatures ("v1,abc v1,def"); any match is enough.
        return hook.Signature.Split(' ').Any(part =>
            part.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(part[3..]), expected));
    }
}

using System.Diagnostics;
using System.Text.Json;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using Microsoft.Extensions.Options;

namespace EventScheduler.Api.Integration;

/// <summary>Wakes the worker early (e.g. after a manual redelivery) instead of waiting for its next poll.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>Delivers webhooks from the change log, the transactional outbox. Each round it (1) fans
/// newly committed changes out to matching subscriptions as pending deliveries, moving a persisted
/// cursor in the same transaction, and (2) claims due deliveries under a lease and sends them, signed,
/// recording each attempt. Failures are retried with exponential back-off and jitter until the
/// delivery's retry window (Webhooks:MaxRetryAge) closes; a 410 disables the subscription. Everything
/// is in the database, so a restart resumes where it stopped: nothing is lost, and a delivery is only
/// repeated if the process died between sending it and recording the answer (at least once).</summary>
public sealed class WebhookWorker(
    WebhookOutbox store,
    IHttpClientFactory clients,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    WebhookSignal signal,
    ILogger<WebhookWorker> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int MaxErrorLength = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let start-up finish (migrations run before hosted services start; this just yields).
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var o = options.CurrentValue;
            var busy = false;
            try
            {
                if (o.Enabled)
                {
                    await PruneIfDueAsync(o, stoppingToken);
                    var now = Instants.ToMs(time.GetUtcNow());
                    busy |= await store.FanOutAsync(now, (long)o.MaxRetryAge.TotalMilliseconds, Math.Max(1, o.BatchSize) * 5, stoppingToken) > 0;
                    busy |= await DeliverDueAsync(o, stoppingToken) > 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook worker round failed; retrying after the poll interval.");
            }

            if (!busy)
            {
                try
                {
                    await signal.WaitAsync(o.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    /// <summary>Hourly: drops finished deliveries older than Webhooks:LogRetention.</summary>
    private async Task PruneIfDueAsync(WebhookOptions o, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now < _nextPrune)
        {
            return;
        }

        _nextPrune = now + TimeSpan.FromHours(1);
        var pruned = await store.PruneAsync(Instants.ToMs(now - o.LogRetention), ct);
        if (pruned > 0)
        {
            logger.LogInformation("Pruned {Count} finished webhook deliveries older than {Retention}.", pruned, o.LogRetention);
        }
    }

    /// <summary>One claim-and-send round. Returns how many deliveries were attempted.</summary>
    private async Task<int> DeliverDueAsync(WebhookOptions o, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var lease = now + o.RequestTimeout + TimeSpan.FromSeconds(30);
        var due = await store.ClaimDueAsync(Instants.ToMs(now), Instants.ToMs(lease), Math.Max(1, o.BatchSize), ct);
        if (due.Count == 0)
        {
            return 0;
        }

        // In commit order per subscription (best effort: a retry can still overtake), subscriptions in parallel.
        var perSubscription = due.GroupBy(d => d.SubscriptionId).Select(g => g.OrderBy(d => d.Seq).ToList());
        var settled = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        try
        {
            await SendAllAsync(perSubscription, settled, o, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: give back what was claimed but not sent, so the next start sends it at once.
            await store.ReleaseAsync(due.Where(d => !settled.ContainsKey(d.Id)).Select(d => d.Id).ToList(), Instants.ToMs(time.GetUtcNow()), CancellationToken.None);
            throw;
        }

        return due.Count;
    }

    private Task SendAllAsync(IEnumerable<List<DueDelivery>> perSubscription, System.Collections.Concurrent.ConcurrentDictionary<string, bool> settled,
        WebhookOptions o, CancellationToken ct) =>
        Parallel.ForEachAsync(perSubscription, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.MaxConcurrency), CancellationToken = ct },
            async (deliveries, token) =>
            {
                for (var i = 0; i < deliveries.Count; i++)
                {
                    token.ThrowIfCancellationRequested();
                    var retryAt = await AttemptAsync(deliveries[i], o, token);
                    settled[deliveries[i].Id] = true;
                    if (retryAt is not null)
                    {
                        // The receiver is failing: its other deliveries wait for its next retry instead of
                        // each spending a timeout now (and keep their order).
                        var rest = deliveries.Skip(i + 1).Select(d => d.Id).ToList();
                        await store.ReleaseAsync(rest, retryAt.Value, CancellationToken.None);
                        rest.ForEach(id => settled[id] = true);
                        break;
                    }
                }
            });

    /// <summary>Sends one delivery and records the attempt. Returns when to retry if it failed and will be
    /// retried; null otherwise (succeeded, gave up, disabled, or abandoned at shutdown).</summary>
    private async Task<long?> AttemptAsync(DueDelivery delivery, WebhookOptions o, CancellationToken ct)
    {
        // The change's trace goes on here (its traceparent came through the outbox row), and on to the receiver:
        // HttpClient sends this span's traceparent header.
        using var activity = WebhookTracing.Start(delivery);
        var evt = ChangeEvent.From(delivery.Change);
        var body = JsonSerializer.SerializeToUtf8Bytes(evt, JsonConfig.Options);
        var started = time.GetUtcNow();
        var timestamp = started.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, evt.Id);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, evt.Id, timestamp, body));

        int? status = null;
        string? error = null;
        TimeSpan? retryAfter = null;
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(o.RequestTimeout);
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
            if (!response.IsSuccessStatusCode)
            {
                error = $"HTTP {status} {response.ReasonPhrase}".Trim();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // shutting down: the caller gives the claim back
        }
        catch (OperationCanceledException)
        {
            error = $"Timed out after {o.RequestTimeout.TotalSeconds:0.###} s.";
        }
        catch (HttpRequestException ex)
        {
            error = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
        }

        watch.Stop();
        var finished = time.GetUtcNow();
        var attempt = delivery.Attempts + 1;
        AttemptOutcome outcome;
        long? next = null;
        if (status is >= 200 and < 300)
        {
            outcome = AttemptOutcome.Succeeded;
        }
        else if (status == 410)
        {
            outcome = AttemptOutcome.Gone;
            logger.LogWarning("Webhook subscription {SubscriptionId} answered 410 Gone; disabling it.", delivery.SubscriptionId);
        }
        else
        {
            var delay = Backoff(o, attempt);
            if (retryAfter is { } ra && ra > delay)
            {
                delay = ra < o.MaxDelay ? ra : o.MaxDelay;
            }

            next = Instants.ToMs(finished + delay);
            outcome = next <= delivery.RetryUntil ? AttemptOutcome.Retry : AttemptOutcome.GaveUp;
        }

        WebhookTracing.End(activity, status, outcome, error);
        if (error is { Length: > MaxErrorLength })
        {
            error = error[..MaxErrorLength];
        }

        await store.RecordAttemptAsync(new AttemptResult(delivery.Id, attempt, Instants.ToMs(started), watch.ElapsedMilliseconds, status,
            outcome == AttemptOutcome.GaveUp ? $"{error} Gave up after {attempt} attempts." : error, outcome, next), Instants.ToMs(finished), CancellationToken.None);
        return outcome == AttemptOutcome.Retry ? next : null;
    }

    /// <summary>BaseDelay · 2^(attempt−1), capped at MaxDelay, times a random factor in [0.75, 1.25).</summary>
    public static TimeSpan Backoff(WebhookOptions o, long attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var raw = o.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, o.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.75 + (Random.Shared.NextDouble() * 0.5)));
    }
}

using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Email;

/// <summary>Sends the outbox. Each round it enqueues reminders that have come due, marks messages a dead process left
/// mid-hand-over as failed (delivery unknown), and, when messages are due, opens one SMTP session, claims a batch in
/// the database and sends it message by message.
/// <para>Guarantee: a committed message is delivered at least once unless it fails for good (5xx, or still refused
/// after Email:MaxRetryAge), and never handed to the SMTP server twice by this product. Before each message goes out
/// its row is marked 'sending' (durably); after the server accepts it, 'sent'. A crash before the mark leaves it
/// pending (claimed rows come free when their lease ends) and it is sent later; a crash, or a broken connection,
/// between the mark and the server's answer leaves its fate unknown, and then it is marked failed with that reason
/// instead of being sent again (an organiser can retry it). Its Message-ID stays the same across attempts.</para></summary>
public sealed class MailWorker(
    EmailOutboxStore store,
    MailRenderer renderer,
    IMailTransport transport,
    EmailSettings settings,
    MailSignal signal,
    RegistrationWriter registrations,
    TimeProvider time,
    ILogger<MailWorker> logger) : BackgroundService
{
    private const int MaxErrorLength = 500;
    private DateTimeOffset _nextHousekeeping = DateTimeOffset.MinValue;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    private EmailOptions Options => settings.Email;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        logger.LogInformation("E-mail: messages go to {Destination}.", transport.Description);
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                await HousekeepingAsync(stoppingToken);
                busy = await SendRoundAsync(stoppingToken) > 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not the exception object: its message may quote an address (MailKit's, MimeKit's); its text, scrubbed, keeps the stack.
                logger.LogError("Mail worker round failed; retrying after the poll interval. {Exception}", Observability.AddressScrubber.Scrub(ex.ToString()));
            }

            if (!busy)
            {
                try
                {
                    await signal.WaitAsync(Options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task HousekeepingAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var reminders = await store.EnqueueDueRemindersAsync(Instants.ToMs(now), (long)Options.ReminderLeadTime.TotalMilliseconds, ct);
        if (reminders > 0)
        {
            logger.LogInformation("Enqueued {Count} meeting reminders.", reminders);
        }

        if (now < _nextHousekeeping)
        {
            return;
        }

        _nextHousekeeping = now + TimeSpan.FromSeconds(10);
        var inDoubt = await store.RecoverInDoubtAsync(Instants.ToMs(now), ct);
        if (inDoubt > 0)
        {
            logger.LogWarning("{Count} messages were being handed to the SMTP server when a process stopped; marked failed (delivery unknown).", inDoubt);
        }

        if (_nextPrune <= now)
        {
            _nextPrune = now + TimeSpan.FromHours(1);
            await store.PruneAsync(Instants.ToMs(now - Options.LogRetention), ct);
        }
    }

    /// <summary>One session: returns how many messages were attempted.</summary>
    private async Task<int> SendRoundAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!await store.AnyDueAsync(Instants.ToMs(now), ct))
        {
            return 0;
        }

        if (await YieldToSignUpsAsync(ct))
        {
            now = time.GetUtcNow();
        }

        var token = Guid.NewGuid().ToString("N");
        IMailSession session;
        try
        {
            session = await transport.OpenAsync(ct);
        }
        catch (MailSendException ex)
        {
            // Nothing was sent: every due message waits for its next attempt (or gives up when too old).
            logger.LogWarning("Mail server unavailable: {Error}", Observability.AddressScrubber.Scrub(ex.Message));
            var due = await store.ClaimAsync(token, Instants.ToMs(now), Lease(now), Math.Max(1, Options.BatchSize), ct);
            foreach (var message in due)
            {
                await SettleFailureAsync(message, token, ex, ct);
            }

            return 0;
        }

        await using (session)
        {
            var claimed = await store.ClaimAsync(token, Instants.ToMs(now), Lease(now), Math.Max(1, Options.BatchSize), ct);
            try
            {
                foreach (var message in claimed)
                {
                    if (!await SendOneAsync(session, message, token, ct))
                    {
                        break;
                    }
                }
            }
            finally
            {
                // Whatever was not attempted (shutdown, a broken connection) is free for the next round at once.
                await store.ReleaseAsync(token, CancellationToken.None);
            }

            return claimed.Count;
        }
    }

    /// <summary>Returns false when the session is no longer usable.</summary>
    private async Task<bool> SendOneAsync(IMailSession session, ClaimedMessage message, string token, CancellationToken ct)
    {
        await YieldToSignUpsAsync(ct);
        // Current while it renders, hands over and sends: its log lines and database spans belong to the delivery.
        using var activity = MailTracing.Start(message);
        var now = time.GetUtcNow();
        var rendered = await renderer.RenderAsync(message, now, ct);
        if (rendered.Message is null)
        {
            await store.RecordAsync(message.Id, token, MessageOutcome.Skipped, rendered.SkipReason, null, Instants.ToMs(now), CancellationToken.None);
            MailTracing.End(activity, MessageOutcome.Skipped, null);
            return true;
        }

        if (!await store.HandOverAsync(message.Id, token, rendered.Language, Instants.ToMs(now), Lease(now), ct))
        {
            // The lease ran out and another process claimed it: it is theirs now.
            return true;
        }

        try
        {
            await session.SendAsync(rendered.Message, ct);
        }
        catch (MailSendException ex)
        {
            var (outcome, error) = await SettleFailureAsync(message, token, ex, CancellationToken.None);
            MailTracing.End(activity, outcome, error);
            return ex.Failure != SendFailure.InDoubt && ex.InnerException is MailKit.Net.Smtp.SmtpCommandException;
        }

        await store.RecordAsync(message.Id, token, MessageOutcome.Sent, null, null, Instants.ToMs(time.GetUtcNow()), CancellationToken.None);
        MailTracing.End(activity, MessageOutcome.Sent, null);
        return true;
    }

    /// <summary>Records a failed attempt; returns what became of the message and the (scrubbed) error it carries.</summary>
    private async Task<(MessageOutcome Outcome, string Error)> SettleFailureAsync(ClaimedMessage message, string token, MailSendException ex, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The server's reply may name the recipient: scrubbed before it is logged, stored (the organiser's message list)
        // or sent on in message.failed, so an address is never in any of them.
        var scrubbed = Observability.AddressScrubber.Scrub(ex.Message);
        var error = scrubbed.Length > MaxErrorLength ? scrubbed[..MaxErrorLength] : scrubbed;
        if (ex.Failure != SendFailure.Transient)
        {
            logger.LogWarning("Message {Id} ({Kind}) failed: {Error}", message.Id, message.Kind, error);
            await store.RecordAsync(message.Id, token, MessageOutcome.Failed, error, null, Instants.ToMs(now), ct);
            return (MessageOutcome.Failed, error);
        }

        var retryAt = now + Backoff(Options, message.Attempts + 1);
        if (retryAt > Instants.FromMs(message.NotBefore) + Options.MaxRetryAge)
        {
            var gaveUp = $"{error} Gave up after {message.Attempts + 1} attempts.";
            await store.RecordAsync(message.Id, token, MessageOutcome.Failed, gaveUp, null, Instants.ToMs(now), ct);
            return (MessageOutcome.Failed, gaveUp);
        }

        await store.RecordAsync(message.Id, token, MessageOutcome.Retry, error, Instants.ToMs(retryAt), Instants.ToMs(now), ct);
        return (MessageOutcome.Retry, error);
    }

    /// <summary>Waits (up to Email:DeferWhileBusy) while this process's registration writer is busy; true when it waited.
    /// Sign-ups first: the worker's writes would queue behind, or ahead of, theirs for SQLite's one write lock, and its
    /// rendering would take the cores they need. Polled on the real clock, not the app's TimeProvider (a test's clock
    /// may stand still); a claim's lease outlasts the longest wait (the lease is renewed at each hand-over).</summary>
    private async Task<bool> YieldToSignUpsAsync(CancellationToken ct)
    {
        var limit = Options.DeferWhileBusy;
        if (limit <= TimeSpan.Zero || !registrations.IsBusy)
        {
            return false;
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (registrations.IsBusy && waited.Elapsed < limit)
        {
            await Task.Delay(DeferPoll, ct);
        }

        return true;
    }

    private static readonly TimeSpan DeferPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>A claim lasts for one message's SMTP timeout plus a margin; each hand-over renews it for the rest.</summary>
    private long Lease(DateTimeOffset now) => Instants.ToMs(now + (Options.Smtp.Timeout * 2) + TimeSpan.FromSeconds(10));

    /// <summary>RetryBaseDelay · 2^(attempt−1), capped at RetryMaxDelay, times a random factor in [0.75, 1.25).</summary>
    public static TimeSpan Backoff(EmailOptions o, long attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var raw = o.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, o.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.75 + (Random.Shared.NextDouble() * 0.5)));
    }
}

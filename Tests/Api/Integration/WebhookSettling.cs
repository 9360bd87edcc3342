using EventScheduler.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Integration;

/// <summary>The barrier for "nothing more will be sent": every change committed so far is fanned out and the
/// subscription has no pending delivery (none due, in flight or waiting to retry). Asserting on what a receiver
/// got is then final; no fixed sleep decides it.</summary>
public static class WebhookSettling
{
    public static async Task WaitUntilSettledAsync(ApiFactory factory, string subscriptionId, TimeSpan? timeout = null)
    {
        var outbox = factory.Services.GetRequiredService<WebhookOutbox>();
        var target = (await outbox.BacklogAsync(subscriptionId, CancellationToken.None)).LastChangeSeq;
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var backlog = await outbox.BacklogAsync(subscriptionId, CancellationToken.None);
            if (backlog.FanOutPosition >= target && backlog.Pending == 0)
            {
                return;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(until), $"webhooks never settled: {backlog}");
            await Task.Delay(25);
        }
    }
}

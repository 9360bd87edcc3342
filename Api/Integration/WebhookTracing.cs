using System.Diagnostics;
using EventScheduler.Api.Observability;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Integration;

/// <summary>The span of one webhook delivery attempt, a child of the work that recorded the change (its
/// traceparent is stored with the change), and the delivery metric.</summary>
public static class WebhookTracing
{
    public static Activity? Start(DueDelivery delivery)
    {
        var activity = Telemetry.StartDelivery("webhook.deliver", delivery.TraceParent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("eventscheduler.webhook.event_type", delivery.Type);
            activity.SetTag("eventscheduler.webhook.delivery_id", delivery.Id);
            activity.SetTag("eventscheduler.webhook.subscription_id", delivery.SubscriptionId);
            activity.SetTag("eventscheduler.webhook.attempt", delivery.Attempts + 1);
            activity.SetTag("eventscheduler.change.seq", delivery.Seq);
        }

        return activity;
    }

    public static void End(Activity? activity, int? status, AttemptOutcome outcome, string? error)
    {
        var name = outcome switch
        {
            AttemptOutcome.Succeeded => "succeeded",
            AttemptOutcome.Retry => "retry",
            AttemptOutcome.GaveUp => "gave_up",
            _ => "gone",
        };
        if (status is { } code)
        {
            activity?.SetTag("http.response.status_code", code);
        }

        // The error is the receiver's answer or the transport's reason; never the URL's query (the error text has no URL).
        Telemetry.EndDelivery(activity, OutboxBacklog.Webhooks, name, failed: outcome != AttemptOutcome.Succeeded, error);
    }
}

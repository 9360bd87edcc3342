using System.Diagnostics;
using EventScheduler.Api.Observability;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Email;

/// <summary>The span of one mail delivery attempt, a child of the work that recorded the message (its traceparent is
/// stored with the outbox row: the sign-up request for a confirmation), so one trace runs change → outbox → delivery
/// (issue 16 item 2), as <see cref="Integration.WebhookTracing"/> does for webhooks; and the delivery metric.</summary>
public static class MailTracing
{
    public static Activity? Start(ClaimedMessage message)
    {
        var activity = Telemetry.StartDelivery("mail.deliver", message.TraceParent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("eventscheduler.mail.message_id", message.Id);
            activity.SetTag("eventscheduler.mail.kind", message.Kind);
            activity.SetTag("eventscheduler.mail.attempt", message.Attempts + 1);
            activity.SetTag("eventscheduler.registration.id", message.RegistrationId);
        }

        return activity;
    }

    /// <param name="error">Already scrubbed of addresses (<see cref="AddressScrubber"/>).</param>
    public static void End(Activity? activity, MessageOutcome outcome, string? error)
    {
        var name = outcome switch
        {
            MessageOutcome.Sent => "sent",
            MessageOutcome.Retry => "retry",
            MessageOutcome.Skipped => "skipped",
            _ => "failed",
        };
        Telemetry.EndDelivery(activity, OutboxBacklog.Mail, name, failed: outcome is MessageOutcome.Retry or MessageOutcome.Failed, error);
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Email;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.RetryMessage;

public sealed class Request
{
    /// <summary>The registration.</summary>
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The message's id from GET /registrations/{id}/messages.</summary>
    [RouteParam]
    public long MessageId { get; init; }
}

public sealed class Endpoint(RegistrationStore registrations, MeetingStore meetings, EmailOutboxStore outbox, MailSignal signal, TimeProvider time)
    : Endpoint<Request, MessageResponse>
{
    public const string NotFailedCode = "message_not_failed";

    public override void Configure()
    {
        Post("/registrations/{id}/messages/{messageId}/retry");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<MessageResponse>(202).ProducesProblems(404, 409), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Send a failed message again";
            s.Description = "Puts a failed message back in the queue, due now, with a fresh retry window; it keeps its Message-ID. "
                            + "409 message_not_failed for a message that is pending, sending, sent or skipped.";
        });
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var found = await registrations.GetAsync(req.Id, ct) ?? throw ApiException.NotFound("Registration");
        var meeting = await meetings.GetAsync(Guid.Parse(found.Row.MeetingId), ct) ?? throw ApiException.NotFound("Registration");
        var (retried, row) = await outbox.RetryAsync(req.Id, req.MessageId, Instants.ToMs(time.GetUtcNow()), ct);
        if (!retried)
        {
            throw new ApiException(StatusCodes.Status409Conflict, NotFailedCode, $"Only a failed message can be retried; this one is {row.State}.");
        }

        signal.Wake();
        var fallback = found.Row.ToDomain().Attendee.Language ?? meeting.Details.Language;
        await Send.ResponseAsync(MessageResponse.From(row, fallback, meeting.Details.TimeZone), StatusCodes.Status202Accepted, ct);
    }
}

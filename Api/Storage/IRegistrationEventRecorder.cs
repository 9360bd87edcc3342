namespace EventScheduler.Api.Storage;

/// <summary>THE place where registration events become side records: every event every registration command
/// produces (sign-up confirmed or waitlisted, promotion, mode switch, cancellation by the attendee, an organiser,
/// an integration or with the meeting, check-in) reaches each registered recorder, once per writer batch, on the
/// batch's transaction and before its commit, so the records commit or roll back with the registrations. Today:
/// <see cref="ChangeLogRecorder"/> (the change feed and webhook outbox). A recorder writes a batch's events together
/// (one prepared statement, or one multi-row statement on a server) and adds nothing when its feature is off (e.g. e-mail with Email:Enabled=false:
/// register no recorder then).</summary>
public interface IRegistrationEventRecorder
{
    /// <param name="statements">The batch's prepared statements, connection and transaction.</param>
    /// <param name="events">In commit order; never empty.</param>
    Task RecordAsync(BatchStatements statements, IReadOnlyList<RegistrationEvent> events, CancellationToken ct);
}

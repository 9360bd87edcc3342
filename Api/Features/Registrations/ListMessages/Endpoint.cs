using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.ListMessages;

public sealed class Request : PagedRequest
{
    /// <summary>The registration.</summary>
    [RouteParam]
    public Guid Id { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => PagingRules.Apply(this);
    }
}

public sealed class Endpoint(RegistrationStore registrations, MeetingStore meetings, EmailOutboxStore outbox) : Endpoint<Request, Page<MessageResponse>>
{
    public override void Configure()
    {
        Get("/registrations/{id}/messages");
        Roles(RoleSets.OrganisersAndIntegrations);
        Description(b => b.Produces<Page<MessageResponse>>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Mails sent or pending for a registration";
            s.Description = "Oldest first: kind, language, state (pending, sending, sent, failed, skipped), attempts, last error and times. "
                            + "An integration key sees the messages of registrations in its scope only.";
        });
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var access = ManageTokens.Access(Caller.From(User), null, null);
        var found = await registrations.GetAsync(req.Id, ct) ?? throw ApiException.NotFound("Registration");
        access.Check(found.Row.ManageTokenHash, found.Row.CreatedByKeyId, found.Row.HospitalId);
        var meeting = await meetings.GetAsync(Guid.Parse(found.Row.MeetingId), ct) ?? throw ApiException.NotFound("Registration");
        var limit = Cursor.Limit(req.Limit);
        var after = Cursor.DecodeNumeric(req.Cursor)?.SortKey;
        var rows = await outbox.ListAsync(req.Id, after, limit + 1, ct);
        var fallback = found.Row.ToDomain().Attendee.Language ?? meeting.Details.Language;
        await Send.OkAsync(Page.Of(rows, limit, r => MessageResponse.From(r, fallback, meeting.Details.TimeZone),
            r => (r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))), ct);
    }
}

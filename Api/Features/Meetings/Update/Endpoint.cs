using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Registrations;
using EventScheduler.Domain.Meetings;
using FastEndpoints;

namespace EventScheduler.Api.Features.Meetings.Update;

/// <summary>A JSON merge patch of the meeting: only the fields sent change; null clears a nullable field.</summary>
public sealed class Request : MeetingBody
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>The ETag from a GET; the change is refused with 412 if the meeting changed since.</summary>
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }

    /// <summary>When startsAt moves: shift every slot of the programme by the same amount (all clashes are checked again).
    /// Without it, a change that leaves any slot outside the new window is refused with 409 slots_outside_meeting.</summary>
    [QueryParam]
    public bool? ShiftSlots { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => MeetingBodyRules.Apply(this);
    }
}

public sealed class Endpoint(MeetingChanges meetings) : Endpoint<Request, MeetingResponse>
{
    public override void Configure()
    {
        Patch("/meetings/{id}");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<MeetingResponse>(200).ProducesProblems(404, 409, 412), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "Edit a draft or published meeting (JSON merge patch); it keeps its id and publication";
            s.Description = "Rescheduling: 409 slots_outside_meeting (naming conflictingSlotId) when slots would fall outside the new window, "
                            + "unless ?shiftSlots=true, which moves every slot by the start delta in the same transaction and re-checks every clash.";
        });
        Tags("Meetings");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var patch = await MergePatch.ReadAsync(HttpContext.Request, ct);
        // Through the registration writer: the edit, the programme moved along with it, the capacity rules and
        // the promotions into seats that opened up commit together.
        var updated = await meetings.EditAsync(req.Id, ETags.Precondition(req.IfMatch), details => Merge(details, req, patch), req.ShiftSlots == true, ct);
        ETags.Set(HttpContext, updated.Version);
        await Send.OkAsync(MeetingResponse.From(updated, Caller.From(User)), ct);
    }

    private static MeetingDetails Merge(MeetingDetails d, Request r, MergePatch p) => d with
    {
        Title = p.Has("title") ? r.Title ?? "" : d.Title,
        Series = p.Pick("series", r.Series, d.Series),
        SeriesNumber = p.Pick("seriesNumber", r.SeriesNumber, d.SeriesNumber),
        Format = p.Has("format") ? r.Format ?? throw Required("format") : d.Format,
        TimeZone = p.Has("timeZone") ? r.TimeZone ?? throw Required("timeZone") : d.TimeZone,
        StartsAt = p.Has("startsAt") ? r.StartsAt ?? throw Required("startsAt") : d.StartsAt,
        EndsAt = p.Has("endsAt") ? r.EndsAt ?? throw Required("endsAt") : d.EndsAt,
        City = p.Pick("city", r.City, d.City),
        Province = p.Pick("province", r.Province, d.Province),
        Venue = !p.Has("venue") ? d.Venue
            : r.Venue is null ? null
            : Venue.Create(p.Has("venue.name") ? r.Venue.Name : d.Venue?.Name, p.Has("venue.address") ? r.Venue.Address : d.Venue?.Address),
        Stream = !p.Has("stream") ? d.Stream
            : r.Stream is null ? null
            : StreamInfo.Create(p.Has("stream.platform") ? r.Stream.Platform : d.Stream?.Platform, p.Has("stream.url") ? r.Stream.Url : d.Stream?.Url),
        HostHospitalId = p.Has("hostHospitalId") ? r.HostHospitalId ?? throw Required("hostHospitalId") : d.HostHospitalId,
        CoOrganiserHospitalIds = p.Has("coOrganiserHospitalIds") ? r.CoOrganiserHospitalIds ?? [] : d.CoOrganiserHospitalIds,
        ChairIds = p.Has("chairIds") ? r.ChairIds ?? [] : d.ChairIds,
        InConjunctionWith = p.Pick("inConjunctionWith", r.InConjunctionWith, d.InConjunctionWith),
        InPersonCapacity = p.Pick("inPersonCapacity", r.InPersonCapacity, d.InPersonCapacity),
        OnlineCapacity = p.Pick("onlineCapacity", r.OnlineCapacity, d.OnlineCapacity),
        RegistrationOpensAt = p.Pick("registrationOpensAt", r.RegistrationOpensAt, d.RegistrationOpensAt),
        RegistrationClosesAt = p.Pick("registrationClosesAt", r.RegistrationClosesAt, d.RegistrationClosesAt),
        Translations = p.Has("translations") ? MeetingTranslationsDto.Merge(d.Translations, r.Translations, p) : d.Translations,
    };

    private static Domain.Common.RuleViolation Required(string field) =>
        Domain.Common.RuleViolation.Invalid(Domain.Common.Text.RequiredCode, $"'{field}' cannot be cleared.", field);
}

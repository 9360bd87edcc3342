using System.Globalization;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Access;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.ListAttendance;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>Page size, 1-200 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; init; }

    /// <summary>The nextCursor of the previous page.</summary>
    [QueryParam]
    public string? Cursor { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Limit).InclusiveBetween(1, 200).When(x => x.Limit is not null);
    }
}

/// <summary>A page of a meeting's attendance, with the slots it is measured against.</summary>
public sealed class Response
{
    /// <summary>The meeting's slots, their actual windows and whether they count.</summary>
    public required IReadOnlyList<AttendanceSlot> Slots { get; init; }

    /// <summary>Registrations in arrival order: confirmed ones, and any other that left evidence.</summary>
    public required IReadOnlyList<AttendanceItem> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> to get the next page; null on the last page.</summary>
    public required string? NextCursor { get; init; }
}

public sealed class Endpoint(AttendanceStore store, AccreditationStore accreditations, MeetingStore meetings) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/meetings/{id}/attendance");
        Roles(RoleSets.OrganisersAndIntegrations);
        Description(b => b.Produces<Response>(200).ProducesProblems(400, 404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "List attendance: minutes per accredited slot, percent, eligibility and credits per registration";
            s.Description = "Computed from the attendance ledger (check-ins, door scans, joins, heartbeats, corrections) by the credit " +
                            "rule of the meeting's accreditation. An integration key sees only its hospital's attendees.";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var meeting = await meetings.GetAsync(req.Id, ct);
        if (meeting is null || !MeetingResponse.IsVisibleTo(meeting, caller))
        {
            throw new NotFoundException("Meeting");
        }

        var accreditation = await accreditations.GetAsync(req.Id, ct);
        var limit = Infrastructure.Cursor.Limit(req.Limit);
        var integration = caller.Role == ApiRole.Integration;
        var (slots, rows) = await store.AssessAsync(req.Id, accreditation?.Accreditation, integration ? caller.KeyId ?? "" : null,
            integration ? caller.HospitalId : null, Infrastructure.Cursor.DecodeNumeric(req.Cursor)?.SortKey ?? 0, limit + 1, ct);
        var page = Page.Of(rows, limit, r => AttendanceItem.From(r, accreditation is not null),
            r => (r.Attendee.Seq.ToString(CultureInfo.InvariantCulture), r.Attendee.Id));
        await Send.OkAsync(new Response
        {
            Slots = slots.Select(s => AttendanceSlot.From(s, meeting.Details.TimeZone)).ToList(),
            Items = page.Items,
            NextCursor = page.NextCursor,
        }, ct);
    }
}

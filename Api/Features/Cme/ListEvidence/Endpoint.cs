using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Registrations;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Cme;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.ListEvidence;

public sealed class Request
{
    /// <summary>The registration.</summary>
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>One entry of the attendance ledger.</summary>
public sealed class EvidenceItem
{
    /// <summary>check_in, scan_in, scan_out, join or adjustment.</summary>
    public required EvidenceKind Kind { get; init; }

    /// <summary>The session door (scans) or the slot corrected (adjustments); null for the venue.</summary>
    public required Guid? SlotId { get; init; }

    /// <summary>When it happened, in the meeting's time zone.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Adjustments: minutes added (positive) or taken away (negative).</summary>
    public required int? Minutes { get; init; }

    /// <summary>Adjustments: why.</summary>
    public required string? Reason { get; init; }

    /// <summary>check_in_desk, door_scan, join_link or organiser_correction.</summary>
    public required EvidenceMethod Method { get; init; }

    /// <summary>The id of the API key (desk, door, organiser) that recorded it; null when the attendee's own link did.</summary>
    public required string? RecordedBy { get; init; }
}

/// <summary>The heartbeats an online viewer's page sent, summed up.</summary>
public sealed class HeartbeatSummary
{
    /// <summary>How many.</summary>
    public required int Count { get; init; }

    /// <summary>The first, in the meeting's time zone.</summary>
    public required DateTimeOffset? FirstAt { get; init; }

    /// <summary>The last, in the meeting's time zone.</summary>
    public required DateTimeOffset? LastAt { get; init; }
}

/// <summary>A registration's attendance evidence, as an accreditor may ask to see it.</summary>
public sealed class Response
{
    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>Its meeting.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>Every entry but heartbeats, oldest first (nothing is ever edited or deleted).</summary>
    public required IReadOnlyList<EvidenceItem> Entries { get; init; }

    /// <summary>The heartbeats.</summary>
    public required HeartbeatSummary Heartbeats { get; init; }
}

public sealed class Endpoint(AttendanceStore store) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/registrations/{id}/attendance");
        Roles(RoleSets.OrganisersAndIntegrations);
        Description(b => b.Produces<Response>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "A registration's attendance evidence (the ledger: check-in, scans, joins, corrections, heartbeats)";
            s.Description = "Who, what, when and how each entry was recorded, for an accreditor's audit. An integration key sees only " +
                            "its hospital's or its own registrations (others: 404).";
        });
        Tags("CME");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var found = await store.EvidenceOfAsync(req.Id, ct) ?? throw new NotFoundException("Registration");
        var access = ManageTokens.Access(caller, null, null);
        access.Check(found.Attendee.ManageTokenHash, found.Attendee.CreatedByKeyId, found.Attendee.HospitalId);
        if (!Meetings.MeetingResponse.IsVisibleTo(found.Meeting, caller))
        {
            throw new NotFoundException("Registration");
        }

        var tz = found.Meeting.Details.TimeZone;
        await Send.OkAsync(new Response
        {
            RegistrationId = found.Attendee.RegistrationId,
            MeetingId = found.Meeting.Id,
            Entries = found.Entries.Select(e => new EvidenceItem
            {
                Kind = e.Kind,
                SlotId = e.SlotId,
                OccurredAt = Instants.InZone(e.OccurredAt, tz),
                Minutes = e.Minutes,
                Reason = e.Reason,
                Method = e.Method,
                RecordedBy = e.RecordedBy,
            }).ToList(),
            Heartbeats = new HeartbeatSummary
            {
                Count = found.HeartbeatCount,
                FirstAt = Instants.InZone(found.FirstHeartbeatAt, tz),
                LastAt = Instants.InZone(found.LastHeartbeatAt, tz),
            },
        }, ct);
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.Summary;

/// <summary>Which meeting to count.</summary>
public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }
}

/// <summary>Counts of one attendance mode.</summary>
public sealed class ModeSummary
{
    /// <summary>Null: unlimited.</summary>
    public required int? Capacity { get; init; }

    /// <summary>Confirmed registrations (holding a seat or place).</summary>
    public required int Confirmed { get; init; }

    /// <summary>Registrations waiting for a seat.</summary>
    public required int Waitlisted { get; init; }

    /// <summary>Cancelled registrations.</summary>
    public required int Cancelled { get; init; }

    /// <summary>Confirmed in-person attendees checked in at the door.</summary>
    public required int CheckedIn { get; init; }

    /// <summary>Seats still free; null when unlimited.</summary>
    public required int? Available { get; init; }
}

/// <summary>A meeting's registration counts by mode.</summary>
public sealed class Response
{
    /// <summary>The meeting counted.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>Counts of in-person registrations.</summary>
    public required ModeSummary InPerson { get; init; }

    /// <summary>Counts of online registrations.</summary>
    public required ModeSummary Online { get; init; }

    /// <summary>Confirmed attendees waiting for a seat of the other mode (counted in their current mode).</summary>
    public required int PendingSwitches { get; init; }
}

public sealed class Endpoint(RegistrationStore store, MeetingStore meetings) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/meetings/{id}/registrations/summary");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<Response>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "Registration counts by mode and status");
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var meeting = await meetings.GetAsync(req.Id, ct) ?? throw ApiException.NotFound("Meeting");
        var (counts, pending) = await store.SummaryAsync(req.Id, ct);
        ModeSummary For(AttendanceMode mode)
        {
            var c = counts.GetValueOrDefault(mode) ?? new ModeCounts(0, 0, 0, 0);
            var capacity = Attendance.Capacity(meeting.Details, mode);
            return new ModeSummary
            {
                Capacity = capacity,
                Confirmed = c.Confirmed,
                Waitlisted = c.Waitlisted,
                Cancelled = c.Cancelled,
                CheckedIn = c.CheckedIn,
                Available = capacity is { } cap ? Math.Max(0, cap - c.Confirmed) : null,
            };
        }

        await Send.OkAsync(new Response
        {
            MeetingId = meeting.Id,
            InPerson = For(AttendanceMode.InPerson),
            Online = For(AttendanceMode.Online),
            PendingSwitches = pending,
        }, ct);
    }
}

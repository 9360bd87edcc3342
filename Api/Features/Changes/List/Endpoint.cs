using System.Globalization;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Infrastructure.OpenApi;
using EventScheduler.Api.Integration;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Changes.List;

public sealed class Request
{
    /// <summary>Position to read after: a <c>nextCursor</c> from an earlier page, or the <c>seq</c> of the last change
    /// you processed. Omit (or 0) to read from the beginning.</summary>
    [QueryParam]
    public string? After { get; init; }

    /// <summary>Only changes of this entity.</summary>
    [QueryParam]
    [WireValues(typeof(ChangeTypes), nameof(ChangeTypes.Entities))]
    public string? Entity { get; init; }

    /// <summary>Changes per page, 1 to 200 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.After).Must(a => a is null || (long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 0))
                .WithMessage("'after' must be a cursor returned by this feed (a change seq).");
            RuleFor(x => x.Entity).Must(e => e is null || ChangeTypes.Entities.Contains(e, StringComparer.Ordinal))
                .WithMessage($"'entity' must be one of {string.Join(", ", ChangeTypes.Entities)}.");
            RuleFor(x => x.Limit).InclusiveBetween(1, Infrastructure.Cursor.MaxLimit);
        }
    }
}

/// <summary>One page of the change feed.</summary>
public sealed class Response
{
    /// <summary>Changes in commit order.</summary>
    public required IReadOnlyList<ChangeEvent> Items { get; init; }

    /// <summary>Pass as <c>after</c> to continue. Never null: when you are caught up it is the feed's current
    /// position, so polling with it returns only newer changes.</summary>
    public required string NextCursor { get; init; }

    /// <summary>True when more changes are already waiting: fetch again at once.</summary>
    public required bool HasMore { get; init; }
}

public sealed class Endpoint(ChangeStore store) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/changes");
        Roles(RoleSets.OrganisersAndIntegrations);
        Description(b => b.Produces<Response>(200).WithDescription(
            "Integration keys see only changes of published meetings, and of attendee events only their own hospital's. A draft's "
            + "changes stay hidden from them; when the meeting is published, meeting.published is followed, in the same commit, by one "
            + "slot.published per slot in programme order with the slot as it then stands, so a copy built from this feed has the "
            + "programme. Staff keys also see the draft's own changes (meeting.created, slot.created, ...)."), clearDefaults: true);
        Summary(s => s.Summary = "Change feed: every change in commit order, to catch up on missed webhooks");
        Tags("Changes");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var after = req.After is null ? 0 : long.Parse(req.After, CultureInfo.InvariantCulture);
        var limit = Cursor.Limit(req.Limit);
        var scoped = !caller.IsStaff;
        if (scoped && caller.HospitalId is null)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "The key is not scoped to a hospital.");
        }

        var (rows, lastSeq) = await store.ListAsync(after, req.Entity, scoped ? caller.HospitalId!.Value.ToString() : null, includeDrafts: !scoped,
            limit + 1, ct);
        var page = rows.Take(limit).Select(ChangeEvent.From).ToList();
        var hasMore = rows.Count > limit;
        var position = hasMore ? page[^1].Seq : Math.Max(after, lastSeq);
        await Send.OkAsync(new Response
        {
            Items = page,
            NextCursor = position.ToString(CultureInfo.InvariantCulture),
            HasMore = hasMore,
        }, ct);
    }
}

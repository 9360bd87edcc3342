using System.Globalization;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using FastEndpoints;

namespace EventScheduler.Api.Features.Programme.ListSlots;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    [QueryParam]
    public int? Limit { get; init; }

    [QueryParam]
    public string? Cursor { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Limit).InclusiveBetween(1, Infrastructure.Cursor.MaxLimit);
            RuleFor(x => x.Cursor).MaximumLength(1000);
        }
    }
}

public sealed class Endpoint(SlotStore store) : Endpoint<Request, Page<SlotResponse>>
{
    public override void Configure()
    {
        Get("/meetings/{id}/slots");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<Page<SlotResponse>>(200).ProducesProblems(404), clearDefaults: true);
        Summary(s => s.Summary = "List a meeting's slots in start order, with consent details (organisers)");
        Tags("Programme");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var limit = Cursor.Limit(req.Limit);
        var after = Cursor.Decode(req.Cursor) is { } c
            ? (long.TryParse(c.SortKey, CultureInfo.InvariantCulture, out var start) ? (start, c.Id)
                : throw new ApiException(StatusCodes.Status400BadRequest, "invalid_cursor", "'cursor' is not a cursor returned by this list."))
            : ((long, string)?)null;
        var (meeting, slots) = await store.ListAsync(req.Id, after, limit + 1, ct);
        if (meeting is null)
        {
            throw ApiException.NotFound("Meeting");
        }

        var page = slots.Take(limit).ToList();
        await Send.OkAsync(new Page<SlotResponse>
        {
            Items = page.Select(s => SlotResponse.From(s.Slot, meeting.Details.TimeZone)).ToList(),
            NextCursor = slots.Count > limit
                ? Cursor.Encode(Instants.ToMs(page[^1].Slot.Details.StartsAt).ToString(CultureInfo.InvariantCulture), page[^1].Slot.Id.ToString())
                : null,
        }, ct);
    }
}

using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using FastEndpoints;

namespace EventScheduler.Api.Features.Meetings.List;

public sealed class Request : PagedRequest
{
    /// <summary>Default for the public: published. Organisers see every status unless they filter.</summary>
    [QueryParam]
    public MeetingStatus? Status { get; init; }

    /// <summary>Only meetings in this city (exact name).</summary>
    [QueryParam]
    public string? City { get; init; }

    /// <summary>Only meetings in this province (exact name).</summary>
    [QueryParam]
    public string? Province { get; init; }

    /// <summary>Only meetings of this series (exact name).</summary>
    [QueryParam]
    public string? Series { get; init; }

    /// <summary>Meetings that end after this instant. Default for the public: now (upcoming and running meetings).</summary>
    [QueryParam]
    public DateTimeOffset? From { get; init; }

    /// <summary>Meetings that start before this instant.</summary>
    [QueryParam]
    public DateTimeOffset? To { get; init; }

    /// <summary>Only items changed after this instant (for catching up; the change feed gives every change in order).</summary>
    [QueryParam]
    public DateTimeOffset? UpdatedSince { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            PagingRules.Apply(this);
            RuleFor(x => x.City).MaximumLength(MeetingDetails.MaxPlaceLength).NoControlCharacters();
            RuleFor(x => x.Province).MaximumLength(MeetingDetails.MaxPlaceLength).NoControlCharacters();
            RuleFor(x => x.Series).MaximumLength(MeetingDetails.MaxSeriesLength).NoControlCharacters();
            RuleFor(x => x.To).GreaterThan(x => x.From).When(x => x.From is not null && x.To is not null);
        }
    }
}

public sealed class Endpoint(MeetingStore store, TimeProvider time) : Endpoint<Request, Page<MeetingResponse>>
{
    public override void Configure()
    {
        Get("/meetings");
        AllowAnonymous();
        Description(b => b.Produces<Page<MeetingResponse>>(200), clearDefaults: true);
        Summary(s => s.Summary = "List meetings in start order; the public sees upcoming published meetings");
        Tags("Meetings");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!caller.IsStaff && req.Status == MeetingStatus.Draft)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Only organisers can list draft meetings.");
        }

        var statuses = req.Status is { } s ? new[] { s } : caller.IsStaff ? null : new[] { MeetingStatus.Published };
        var from = req.From ?? (caller.IsStaff ? null : time.GetUtcNow());
        var limit = Cursor.Limit(req.Limit);
        var after = Cursor.DecodeNumeric(req.Cursor);
        var meetings = await store.ListAsync(new MeetingFilter(statuses, req.City?.Trim(), req.Province?.Trim(), req.Series?.Trim(), from, req.To, !caller.IsStaff, req.UpdatedSince),
            after, limit + 1, ct);
        await Send.OkAsync(Page.Of(meetings, limit, m => MeetingResponse.From(m, caller),
            m => (Instants.ToMs(m.Details.StartsAt).ToString(System.Globalization.CultureInfo.InvariantCulture), m.Id.ToString())), ct);
    }
}

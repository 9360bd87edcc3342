using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using FastEndpoints;

namespace EventScheduler.Api.Features.Meetings.Create;

/// <summary>A new meeting, created as a draft.</summary>
public sealed class Request : MeetingBody
{
    /// <summary>Any unique value (e.g. a UUID): a retry with the same key and body returns the first response unchanged.</summary>
    [FromHeader("Idempotency-Key", IsRequired = false)]
    public string? IdempotencyKey { get; init; }

    /// <summary>The contract's example.</summary>
    public static Request Example => new()
    {
        Title = "Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting (Hanzhong)",
        Series = "Northwest Laparoscopic Liver Alliance Livestreaming Surgery Meeting",
        SeriesNumber = 3,
        Format = MeetingFormat.Hybrid,
        TimeZone = "Asia/Shanghai",
        StartsAt = new DateTimeOffset(2027, 3, 20, 8, 30, 0, TimeSpan.FromHours(8)),
        EndsAt = new DateTimeOffset(2027, 3, 20, 17, 30, 0, TimeSpan.FromHours(8)),
        City = "Hanzhong",
        Province = "Shaanxi",
        Venue = new VenueDto { Name = "Hanzhong 3201 Hospital, Academic Lecture Hall", Address = "Hanzhong, Shaanxi" },
        Stream = new StreamDto { Platform = "Alliance live platform", Url = "https://live.example.org/nwlla/hanzhong-2027" },
        HostHospitalId = Guid.Parse("0190a000-0000-7000-8000-000000000001"),
        CoOrganiserHospitalIds = [Guid.Parse("0190a000-0000-7000-8000-000000000002")],
        ChairIds = [Guid.Parse("0190a000-0000-7000-8000-000000000011")],
        InPersonCapacity = 150,
        OnlineCapacity = null,
    };

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            MeetingBodyRules.Apply(this);
            RuleFor(x => x.Title).NotEmpty();
            RuleFor(x => x.StartsAt).NotNull();
            RuleFor(x => x.EndsAt).NotNull();
            RuleFor(x => x.HostHospitalId).NotNull().NotEqual(Guid.Empty);
        }
    }
}

public sealed class Endpoint(MeetingStore store, TimeProvider time, IdempotentCreate creates) : Endpoint<Request, MeetingResponse>
{
    public override void Configure()
    {
        Post("/meetings");
        Roles(RoleSets.Organisers);
        Description(b => b.Produces<MeetingResponse>(201).ProducesProblems(409, 422), clearDefaults: true);
        Summary(s => s.Summary = "Schedule a meeting as a draft");
        Tags("Meetings");
    }

    public override Task HandleAsync(Request req, CancellationToken ct) =>
        creates.SendAsync<Meeting>(HttpContext, req.IdempotencyKey, req, recorder =>
        {
            var now = time.GetUtcNow();
            var meeting = Meeting.Schedule(Guid.CreateVersion7(now), new MeetingDetails
            {
                Title = req.Title!,
                Series = req.Series,
                SeriesNumber = req.SeriesNumber,
                Format = req.Format ?? MeetingFormat.Hybrid,
                Language = req.Language ?? Domain.Common.Language.Zh,
                TimeZone = req.TimeZone ?? "Asia/Shanghai",
                StartsAt = req.StartsAt!.Value,
                EndsAt = req.EndsAt!.Value,
                City = req.City,
                Province = req.Province,
                Venue = MeetingBodyRules.ToVenue(req.Venue),
                Stream = MeetingBodyRules.ToStream(req.Stream),
                HostHospitalId = req.HostHospitalId!.Value,
                CoOrganiserHospitalIds = req.CoOrganiserHospitalIds ?? [],
                ChairIds = req.ChairIds ?? [],
                InConjunctionWith = req.InConjunctionWith,
                InPersonCapacity = req.InPersonCapacity,
                OnlineCapacity = req.OnlineCapacity,
                RegistrationOpensAt = req.RegistrationOpensAt,
                RegistrationClosesAt = req.RegistrationClosesAt,
                Translations = MeetingTranslationsDto.ToDomain(req.Translations),
            }, now);
            return store.InsertAsync(meeting, recorder, ct);
        }, m => StoredResponse.Json(StatusCodes.Status201Created, $"/meetings/{m.Id}", MeetingResponse.From(m, Caller.From(User)), m.Version), ct);
}

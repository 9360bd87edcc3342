using System.Globalization;
using System.Text;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Access;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Registrations.List;

public sealed class Request : PagedRequest
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>Only registrations of this attendance mode.</summary>
    [QueryParam]
    public AttendanceMode? Mode { get; init; }

    /// <summary>Only registrations in this status.</summary>
    [QueryParam]
    public RegistrationStatus? Status { get; init; }

    /// <summary>Only attendees of this alliance hospital.</summary>
    [QueryParam]
    public Guid? HospitalId { get; init; }

    /// <summary>Case-insensitive text in the name, hospital name or e-mail.</summary>
    [QueryParam]
    public string? Q { get; init; }

    /// <summary>csv: export every matching registration as CSV (same as Accept: text/csv); limit and cursor are ignored.</summary>
    [QueryParam]
    public string? Format { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Q).MaximumLength(200).NoControlCharacters();
            RuleFor(x => x.Format).Must(f => f is null or "json" or "csv").WithMessage("'format' must be json or csv.");
            PagingRules.Apply(this);
        }
    }
}

public sealed class Endpoint(RegistrationStore store, MeetingStore meetings) : Endpoint<Request, Page<RegistrationResponse>>
{
    public override void Configure()
    {
        Get("/meetings/{id}/registrations");
        Roles(RoleSets.OrganisersAndIntegrations);
        Description(b => b.Produces<Page<RegistrationResponse>>(200, "application/json", "text/csv").ProducesProblems(404), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "List a meeting's registrations in arrival order, or export them as CSV";
            s.Description = "Integration keys see only the registrations they created or of their hospital. " +
                            "Accept: text/csv or ?format=csv streams a UTF-8 CSV (with BOM) of every match.";
        });
        Tags("Registrations");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var meeting = await meetings.GetAsync(req.Id, ct);
        if (meeting is null || !Meetings.MeetingResponse.IsVisibleTo(meeting, caller))
        {
            // A draft does not exist for an integration key, as for the public.
            throw ApiException.NotFound("Meeting");
        }

        var filter = new RegistrationFilter(req.Mode, req.Status, req.HospitalId, req.Q,
            caller.Role == ApiRole.Integration ? caller.KeyId ?? "" : null,
            caller.Role == ApiRole.Integration ? caller.HospitalId : null);

        if (req.Format == "csv" || (req.Format is null && WantsCsv(HttpContext.Request)))
        {
            await CsvExport.WriteAsync(HttpContext, store, meeting, filter, ct);
            return;
        }

        var limit = Infrastructure.Cursor.Limit(req.Limit);
        var rows = await store.ListAsync(req.Id, filter, Infrastructure.Cursor.DecodeNumeric(req.Cursor)?.SortKey ?? 0, limit + 1, ct);
        var integrationKey = caller.Role == ApiRole.Integration ? caller.KeyId : null;
        await Send.OkAsync(Page.Of(rows, limit, r => RegistrationResponse.From(r.Row.ToDomain(), meeting, r.Position, RegistrationView.Staff, integrationKey),
            r => (r.Row.Seq.ToString(CultureInfo.InvariantCulture), r.Row.Id)), ct);
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}

/// <summary>RFC 4180 CSV, UTF-8 with a BOM (so spreadsheet programs read Chinese names), streamed row by
/// row. Cells that a spreadsheet would run as a formula (= + - @, tab, CR) get a leading apostrophe.</summary>
public static class CsvExport
{
    private static readonly string[] Header =
    [
        "id", "seq", "full_name", "email", "phone", "hospital_id", "hospital_name", "job_title", "specialty", "mode", "status",
        "requested_mode", "waitlist_position", "check_in_code", "checked_in_at", "created_at", "cancellation_reason", "erased_at",
    ];

    public static async Task WriteAsync(HttpContext context, RegistrationStore store, Meeting meeting, RegistrationFilter filter, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"registrations-{meeting.Id}.csv\"";
        var tz = meeting.Details.TimeZone;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await WriteRowAsync(writer, Header);
        var count = 0;
        await store.StreamWithPositionsAsync(meeting.Id, filter, async (row, position) =>
        {
            var r = row.ToDomain();
            await WriteRowAsync(writer,
            [
                row.Id,
                row.Seq.ToString(CultureInfo.InvariantCulture),
                row.FullName,
                row.IsErased ? null : row.Email,
                row.Phone,
                row.HospitalId,
                row.HospitalName,
                row.JobTitle,
                row.Specialty,
                row.Mode,
                row.Status,
                r.HasPendingSwitch ? row.QueueMode : null,
                position?.ToString(CultureInfo.InvariantCulture),
                r.IsConfirmedInPerson && (filter.ScopeKeyId is null || row.CreatedByKeyId == filter.ScopeKeyId) ? row.CheckInCode : null,
                Format(r.CheckedInAt, tz),
                Format(r.CreatedAt, tz),
                row.CancellationReason,
                Format(r.ErasedAt, tz),
            ]);
            if (++count % 500 == 0)
            {
                await writer.FlushAsync(ct);
            }
        }, ct);
        await writer.FlushAsync(ct);
    }

    public static string Cell(string? value) => Csv.Cell(value);

    private static Task WriteRowAsync(StreamWriter writer, IReadOnlyList<string?> cells) =>
        writer.WriteAsync(string.Join(',', cells.Select(Cell)) + "\r\n");

    private static string? Format(DateTimeOffset? value, string tz) =>
        value is { } v ? Instants.InZone(v, tz).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null;
}

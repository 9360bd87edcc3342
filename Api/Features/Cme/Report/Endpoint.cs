using System.Globalization;
using System.Text;
using EventScheduler.Api.Auth;
using EventScheduler.Api.Features.Meetings;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Access;
using EventScheduler.Domain.Cme;
using EventScheduler.Domain.Common;
using EventScheduler.Domain.Registrations;
using FastEndpoints;

namespace EventScheduler.Api.Features.Cme.Report;

public sealed class Request
{
    [RouteParam]
    public Guid Id { get; init; }

    /// <summary>json (default) or csv (UTF-8 with BOM, RFC 4180, formula-like cells neutralised).</summary>
    [QueryParam]
    public string? Format { get; init; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.Format).Must(f => f is null or "json" or "csv").WithMessage("'format' must be json or csv.");
    }
}

/// <summary>One attendee's line of the CME report.</summary>
public sealed class ReportLine
{
    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The attendee's name.</summary>
    public required string FullName { get; init; }

    /// <summary>The attendee's hospital.</summary>
    public required string? Hospital { get; init; }

    /// <summary>The attendee's job title.</summary>
    public required string JobTitle { get; init; }

    /// <summary>in_person or online.</summary>
    public required AttendanceMode Mode { get; init; }

    /// <summary>Whole minutes of accredited time attended.</summary>
    public required int Minutes { get; init; }

    /// <summary>Attended share of the accredited time.</summary>
    public required decimal Percent { get; init; }

    /// <summary>Credits earned (0 below the minimum).</summary>
    public required decimal Credits { get; init; }

    /// <summary>The certificate's serial once issued.</summary>
    public required string? CertificateSerial { get; init; }
}

/// <summary>The report a CME office files for an accredited meeting.</summary>
public sealed class Response
{
    /// <summary>The meeting.</summary>
    public required Guid MeetingId { get; init; }

    /// <summary>The meeting's title.</summary>
    public required string MeetingTitle { get; init; }

    /// <summary>Who accredits the meeting.</summary>
    public required string AccreditingBody { get; init; }

    /// <summary>The accreditor's project number.</summary>
    public required string ProjectNumber { get; init; }

    /// <summary>class_i, class_ii or other.</summary>
    public required CreditType CreditType { get; init; }

    /// <summary>Whole minutes of accredited time.</summary>
    public required int AccreditedMinutes { get; init; }

    /// <summary>Every attendee (an integration key: its hospital's only), in arrival order.</summary>
    public required IReadOnlyList<ReportLine> Lines { get; init; }
}

public sealed class Endpoint(AttendanceStore store, AccreditationStore accreditations, MeetingStore meetings) : Endpoint<Request, Response>
{
    private static readonly string[] Header =
    [
        "accrediting_body", "project_number", "credit_type", "registration_id", "full_name", "hospital", "job_title", "mode", "minutes",
        "percent", "credits", "certificate_serial",
    ];

    public override void Configure()
    {
        Get("/meetings/{id}/cme-report");
        Roles(RoleSets.OrganisersAndIntegrations);
        Description(b => b.Produces<Response>(200, "application/json", "text/csv").ProducesProblems(400, 404, 409), clearDefaults: true);
        Summary(s =>
        {
            s.Summary = "The CME office's report: accreditor, project, and per attendee minutes, percent, credits and certificate";
            s.Description = "JSON, or ?format=csv (UTF-8 with BOM, RFC 4180, cells that a spreadsheet would run as a formula " +
                            "prefixed with an apostrophe). An integration key gets its hospital's attendees only. 409 accreditation_required.";
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

        var accreditation = (await accreditations.GetAsync(req.Id, ct))?.Accreditation
                            ?? throw RuleViolation.Conflict(CmeRules.AccreditationRequired, "The meeting has no accreditation, so there is nothing to report.");
        var integration = caller.Role == ApiRole.Integration;
        var lines = new List<ReportLine>();
        var accreditedMinutes = 0;
        long afterSeq = 0;
        while (true)
        {
            var (_, page) = await store.AssessAsync(req.Id, accreditation, integration ? caller.KeyId ?? "" : null,
                integration ? caller.HospitalId : null, afterSeq, 500, ct);
            lines.AddRange(page.Select(a => new ReportLine
            {
                RegistrationId = a.Attendee.RegistrationId,
                FullName = a.Attendee.FullName,
                Hospital = a.Attendee.HospitalName,
                JobTitle = a.Attendee.JobTitle,
                Mode = EnumText.Parse<AttendanceMode>(a.Attendee.Mode),
                Minutes = a.Assessment.WholeAttendedMinutes,
                Percent = a.Assessment.Percent,
                Credits = a.Assessment.Credits,
                CertificateSerial = a.CertificateSerial,
            }));
            accreditedMinutes = page.Count > 0 ? (int)decimal.Floor(page[0].Assessment.AccreditedMinutes) : accreditedMinutes;
            if (page.Count < 500)
            {
                break;
            }

            afterSeq = page[^1].Attendee.Seq;
        }

        if (req.Format == "csv")
        {
            await WriteCsvAsync(meeting.Id, accreditation, lines, ct);
            return;
        }

        await Send.OkAsync(new Response
        {
            MeetingId = meeting.Id,
            MeetingTitle = meeting.Details.Title,
            AccreditingBody = accreditation.AccreditingBody,
            ProjectNumber = accreditation.ProjectNumber,
            CreditType = accreditation.CreditType,
            AccreditedMinutes = accreditedMinutes,
            Lines = lines,
        }, ct);
    }

    private async Task WriteCsvAsync(Guid meetingId, Accreditation accreditation, IReadOnlyList<ReportLine> lines, CancellationToken ct)
    {
        var response = HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"cme-report-{meetingId}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await WriteRowAsync(writer, Header);
        foreach (var line in lines)
        {
            await WriteRowAsync(writer,
            [
                accreditation.AccreditingBody,
                accreditation.ProjectNumber,
                EnumText.ToText(accreditation.CreditType),
                line.RegistrationId.ToString(),
                line.FullName,
                line.Hospital,
                line.JobTitle,
                EnumText.ToText(line.Mode),
                line.Minutes.ToString(CultureInfo.InvariantCulture),
                line.Percent.ToString(CultureInfo.InvariantCulture),
                line.Credits.ToString(CultureInfo.InvariantCulture),
                line.CertificateSerial,
            ]);
        }

        await writer.FlushAsync(ct);
    }

    // The registration export's cell rules (RFC 4180 quoting, formula neutralising), reused.
    private static Task WriteRowAsync(StreamWriter writer, IReadOnlyList<string?> cells) =>
        writer.WriteAsync(string.Join(',', cells.Select(Csv.Cell)) + "\r\n");
}

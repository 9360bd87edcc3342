using EventScheduler.Api.Auth;
using EventScheduler.Api.Pages.Charts;
using EventScheduler.Api.Pages.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using EventScheduler.Domain.Registrations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventScheduler.Api.Pages;

/// <summary>The organiser's dashboard itself: an HTML fragment with the charts drawn as inline SVG, fetched by
/// dashboard.js with the organiser's key in the X-Api-Key header (never in the address) and fetched again every
/// few seconds with If-None-Match. Its ETag is <see cref="DashboardReader.StampAsync"/>'s stamp, so an unchanged
/// dashboard costs one indexed read and a 304; a changed one is built once and shared by every open dashboard.
/// Without a key 401, with a key of another role 403, both as HTML in the reader's language.</summary>
public sealed class DashboardBoardModel(DashboardReader reader, Ui ui) : PageModel
{
    private const int TopHospitals = 8;

    public DashboardSnapshot Snapshot { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string meetingId, CancellationToken ct)
    {
        PageResults.NoStore(Response);
        var caller = Caller.From(User);
        if (caller.IsAnonymous)
        {
            Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyAuthenticationHandler.HeaderName}\"";
            return PageResults.Message(this, StatusCodes.Status401Unauthorized, ui.T.DashSignInRequired);
        }

        if (!caller.IsStaff)
        {
            return PageResults.Message(this, StatusCodes.Status403Forbidden, ui.T.DashForbidden);
        }

        if (!Guid.TryParse(meetingId, out var id))
        {
            return PageResults.NotFound(this);
        }

        var stamp = await reader.StampAsync(id, ct);
        var etag = $"W/\"{stamp}-{ui.Code}\"";
        Response.Headers.ETag = etag;
        Response.Headers.Vary = "X-Api-Key, Accept-Language, Cookie";
        if (Request.Headers.IfNoneMatch.Any(v => v == etag))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        if (await reader.ReadAsync(id, stamp, ct) is not { } snapshot)
        {
            Response.Headers.Remove("ETag");
            return PageResults.NotFound(this);
        }

        Snapshot = snapshot;
        return Page();
    }

    public Meeting Meeting => Snapshot.Meeting;

    public string TimeZone => Meeting.Details.TimeZone;

    /// <summary>The modes the meeting offers, in the order the pages list them.</summary>
    public IReadOnlyList<AttendanceMode> Modes => Meeting.Details.Format switch
    {
        MeetingFormat.InPerson => [AttendanceMode.InPerson],
        MeetingFormat.Online => [AttendanceMode.Online],
        _ => [AttendanceMode.InPerson, AttendanceMode.Online],
    };

    public static string ModeClass(AttendanceMode mode) => mode == AttendanceMode.InPerson ? "m-in-person" : "m-online";

    public string StepText
    {
        get
        {
            var step = Snapshot.Step;
            return step >= TimeSpan.FromDays(1) ? (step == TimeSpan.FromDays(1) ? ui.T.DashDay : ui.F(ui.T.DashDays, step.TotalDays))
                : step >= TimeSpan.FromHours(1) ? ui.F(ui.T.DashHours, step.TotalHours)
                : ui.F(ui.T.DashMinutes, step.TotalMinutes);
        }
    }

    public string RegistrationsChart()
    {
        var steps = Snapshot.SignUps;
        var from = steps[0].At;
        var to = new[] { steps[^1].At + Snapshot.Step, Snapshot.At }.Min();
        to = to > from ? to : steps[^1].At + Snapshot.Step;
        var series = Modes.Select(mode =>
        {
            var total = 0;
            var points = steps.Where(s => s.Mode == mode).Select(s => (s.At, total += s.Count)).ToList();
            return new LineSeries(ui.Mode(mode), ModeClass(mode), points);
        }).ToList();
        var description = ui.F(ui.T.DashRegistrationsOverTimeDesc, StepText) + ui.Colon +
                          string.Join(ui.Sep, series.Select(s => $"{s.Name} {(s.Points.Count == 0 ? 0 : s.Points[^1].Value)}"));
        var daily = Snapshot.Step >= TimeSpan.FromDays(1);
        return LineChart.Render("chart-registrations", ui.T.DashRegistrationsOverTime, description, series, from, to,
            at => Ui.InZone(at, TimeZone).ToString(daily ? "M/d" : "M/d HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Registrations over time as rows of the figures table: the time of each step and the new sign-ups per mode.</summary>
    public IReadOnlyList<(DateTimeOffset At, IReadOnlyList<int> PerMode)> RegistrationRows() =>
        Snapshot.SignUps.GroupBy(s => s.At).OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<int>)Modes.Select(m => g.Where(s => s.Mode == m).Sum(s => s.Count)).ToList()))
            .ToList();

    public string StatusChart()
    {
        var rows = Modes.Select(mode =>
        {
            var t = Snapshot.Counts[mode];
            return new StackedRow(ui.Mode(mode),
            [
                new Segment(ui.T.StatusConfirmed, t.Confirmed, "s-confirmed"),
                new Segment(ui.T.StatusWaitlisted, t.Waitlisted, "s-waitlisted"),
                new Segment(ui.T.StatusCancelled, t.Cancelled, "s-cancelled"),
            ]);
        }).ToList();
        var description = string.Join(ui.Sep, rows.Select(r =>
            r.Label + ui.Colon + string.Join(ui.Language == Domain.Common.Language.En ? ", " : "，", r.Segments.Select(s => $"{s.Name} {s.Value}"))));
        return StackedBarChart.Render("chart-status", ui.T.DashByStatus, description, rows);
    }

    public IReadOnlyList<Bar> HospitalBars()
    {
        var all = Snapshot.Hospitals;
        var bars = all.Take(TopHospitals).Select(h => new Bar(h.Hospital, h.Count)).ToList();
        if (all.Count > TopHospitals)
        {
            bars.Add(new Bar(ui.F(ui.T.DashOtherHospitals, all.Count - TopHospitals), all.Skip(TopHospitals).Sum(h => h.Count), "other"));
        }

        return bars;
    }

    public IReadOnlyList<Bar> ProvinceBars() => Snapshot.Hospitals
        .GroupBy(h => h.Province)
        .Select(g => new Bar(g.Key ?? ui.T.DashUnknownProvince, g.Sum(h => h.Count), g.Key is null ? "other" : null))
        .OrderBy(b => b.CssClass is null ? 0 : 1).ThenByDescending(b => b.Value).ThenBy(b => b.Label, StringComparer.Ordinal)
        .ToList();

    public string Bars(string id, string title, IReadOnlyList<Bar> bars) =>
        BarChart.Render(id, title, string.Join(ui.Sep, bars.Select(b => $"{b.Label} {b.Value}")), bars);

    public bool HasOnline => Modes.Contains(AttendanceMode.Online);

    public bool Running(SlotViewers slot) => slot.StartsAt <= Snapshot.At && Snapshot.At < slot.EndsAt;

    public IReadOnlyList<Bar> ViewerBars() => Snapshot.Slots
        .Where(s => s.Viewers is not null)
        .Select(s => new Bar($"{ui.Time(s.StartsAt, TimeZone)} {s.Title}{(Running(s) ? ui.Paren(ui.T.DashStatusNow) : "")}", s.Viewers!.Value,
            Running(s) ? "now" : null))
        .ToList();
}

using EventScheduler.Api.Features.Programme;
using EventScheduler.Api.Pages.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;
using EventScheduler.Domain.Hospitals;
using EventScheduler.Domain.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventScheduler.Api.Pages;

/// <summary>One meeting: when, where, how to attend, who chairs and organises it, and the programme with
/// its live status (kept current by meeting.js through the public live feed).</summary>
public sealed class MeetingModel(ProgrammeReader programme, HospitalStore hospitals, FacultyStore faculty, RegistrationCounterStore counters, TimeProvider time)
    : PageModel
{
    public sealed record Person(string FullName, string? Title, string? HospitalName);

    public Meeting Meeting { get; private set; } = null!;
    public IReadOnlyList<ProgrammeSlot> Slots { get; private set; } = [];
    public Hospital? Host { get; private set; }
    public IReadOnlyList<Hospital> CoOrganisers { get; private set; } = [];
    public IReadOnlyList<Person> Chairs { get; private set; } = [];
    public IReadOnlyList<ModeAvailability> Modes { get; private set; } = [];
    public RegistrationWindow Window { get; private set; }

    public async Task<IActionResult> OnGetAsync(string meetingId, CancellationToken ct)
    {
        var found = await LoadAsync(programme, meetingId, ct);
        if (found is null)
        {
            return PageResults.NotFound(this);
        }

        (Meeting, Slots) = found.Value;
        var d = Meeting.Details;
        Host = await hospitals.GetAsync(d.HostHospitalId, ct);
        var co = new List<Hospital>();
        foreach (var id in d.CoOrganiserHospitalIds)
        {
            if (await hospitals.GetAsync(id, ct) is { } h)
            {
                co.Add(h);
            }
        }

        CoOrganisers = co;
        var chairs = new List<Person>();
        foreach (var id in d.ChairIds)
        {
            if (await faculty.GetAsync(id, ct) is { } f)
            {
                chairs.Add(new Person(f.FullName, f.Title, (await hospitals.GetAsync(f.HospitalId, ct))?.Name));
            }
        }

        Chairs = chairs;
        var counts = await counters.ForMeetingsAsync([Meeting.Id], ct);
        Modes = ModeAvailability.For(Meeting, counts.GetValueOrDefault(Meeting.Id) ?? SeatCounts.None);
        Window = RegistrationWindows.For(Meeting, time.GetUtcNow());
        return Page();
    }

    /// <summary>The meeting and its public programme, when the public may see it (published, also once cancelled or completed).</summary>
    public static async Task<(Meeting, IReadOnlyList<ProgrammeSlot>)?> LoadAsync(ProgrammeReader programme, string meetingId, CancellationToken ct)
    {
        if (!Guid.TryParse(meetingId, out var id))
        {
            return null;
        }

        var (meeting, loaded) = await programme.ReadAsync(id, ct);
        return meeting is null || !ProgrammeVisibility.IsVisibleTo(meeting, Auth.Caller.Anonymous)
            ? null
            : (meeting, loaded.Select(s => ProgrammeSlot.From(s, meeting.Details.TimeZone)).ToList());
    }
}

using EventScheduler.Api.Pages.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventScheduler.Api.Pages;

/// <summary>The check-in desk at the venue's door. The page itself is public and holds no personal data;
/// desk.js signs in with a check_in or organiser key (kept in sessionStorage, so only for this browser
/// tab) and calls the check-in API with it, queueing codes while the connection is down.</summary>
public sealed class DeskModel(MeetingStore meetings) : PageModel
{
    public Meeting Meeting { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string meetingId, CancellationToken ct)
    {
        if (!Guid.TryParse(meetingId, out var id) || await meetings.GetAsync(id, ct) is not { PublishedAt: not null } meeting)
        {
            return PageResults.NotFound(this);
        }

        Meeting = meeting;
        PageResults.NoStore(Response);
        return Page();
    }
}

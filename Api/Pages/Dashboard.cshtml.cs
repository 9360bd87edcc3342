using EventScheduler.Api.Pages.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventScheduler.Api.Pages;

/// <summary>The organiser's dashboard page. Like the check-in desk, the page itself holds no data and does not
/// even say whether the meeting exists (a draft's title is not public): dashboard.js signs in with an organiser
/// or admin key kept in sessionStorage (this tab only) and fetches the dashboard fragment
/// (<see cref="DashboardBoardModel"/>) with it in a header, again every few seconds.</summary>
public sealed class DashboardModel : PageModel
{
    /// <summary>How often the page asks for the dashboard again; unchanged ones are a 304.</summary>
    public const int RefreshMilliseconds = 2000;

    public Guid MeetingId { get; private set; }

    public IActionResult OnGet(string meetingId)
    {
        if (!Guid.TryParse(meetingId, out var id))
        {
            return PageResults.NotFound(this);
        }

        MeetingId = id;
        PageResults.NoStore(Response);
        return Page();
    }
}

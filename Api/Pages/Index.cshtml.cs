using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Pages.Infrastructure;
using EventScheduler.Api.Storage;
using EventScheduler.Domain.Registrations;
using EventScheduler.Domain.Meetings;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventScheduler.Api.Pages;

/// <summary>The upcoming published meetings, in start order, with places left per mode.</summary>
public sealed class IndexModel(MeetingStore meetings, RegistrationCounterStore counters, TimeProvider time) : PageModel
{
    public const int PageSize = 20;

    public sealed record Item(Meeting Meeting, IReadOnlyList<ModeAvailability> Modes, RegistrationWindow Window);

    public IReadOnlyList<Item> Items { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(string? after, CancellationToken ct)
    {
        Now = time.GetUtcNow();
        var cursor = ReadCursor(after);
        var found = await meetings.ListAsync(new MeetingFilter([MeetingStatus.Published], null, null, null, Now, null, true), cursor, PageSize + 1, ct);
        var page = found.Take(PageSize).ToList();
        var counts = await counters.ForMeetingsAsync(page.Select(m => m.Id).ToArray(), ct);
        Items = page.Select(m => new Item(m, ModeAvailability.For(m, counts.GetValueOrDefault(m.Id) ?? SeatCounts.None), RegistrationWindows.For(m, Now))).ToList();
        NextCursor = found.Count > PageSize ? Cursor.Encode(Instants.ToMs(page[^1].Details.StartsAt), page[^1].Id.ToString()) : null;
    }

    /// <summary>A damaged "more" link starts from the beginning instead of failing.</summary>
    private static (long, string)? ReadCursor(string? after)
    {
        try
        {
            return Cursor.DecodeNumeric(after);
        }
        catch (ApiException)
        {
            return null;
        }
    }
}

using EventScheduler.Domain.Registrations;

namespace EventScheduler.Api.Storage;

/// <summary>Seats taken per mode for the public pages, from the counters the registration writer maintains
/// (<see cref="RegistrationCounters"/>): one indexed row per meeting, never a count of registrations.</summary>
public sealed class RegistrationCounterStore(Database db)
{
    /// <summary>Meetings without a counters row have no registrations: <see cref="SeatCounts.None"/>.</summary>
    public Task<IReadOnlyDictionary<Guid, SeatCounts>> ForMeetingsAsync(IReadOnlyCollection<Guid> meetingIds, CancellationToken ct)
    {
        if (meetingIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<Guid, SeatCounts>>(new Dictionary<Guid, SeatCounts>());
        }

        return db.ReadAsync<IReadOnlyDictionary<Guid, SeatCounts>>(async c =>
        {
            var counts = new Dictionary<Guid, SeatCounts>();
            foreach (var id in meetingIds)
            {
                counts[id] = (await RegistrationCounters.LoadAsync(c, null, id, ct)).Counts;
            }

            return counts;
        }, ct);
    }
}

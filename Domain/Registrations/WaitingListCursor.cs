namespace EventScheduler.Domain.Registrations;

/// <summary>Walks a meeting's waiting lists for one operation, head first. The stored lists do not yet show
/// what this operation changed, so each stored entry is checked against the operation's own copy of it:
/// one that left its list (cancelled, promoted, switched) is skipped; one that joined a list during the
/// operation comes after every stored entry (its queue seq is the newest).</summary>
internal sealed class WaitingListCursor(IWaitingLists stored, IReadOnlyDictionary<Guid, Registration> changed)
{
    private readonly long[] _after = new long[2];

    public Registration? Head(AttendanceMode mode)
    {
        var m = (int)mode;
        while (stored.FirstAfter(mode, _after[m]) is { } entry)
        {
            var live = changed.GetValueOrDefault(entry.Id) ?? entry;
            if (live.QueueMode == mode && live.QueueSeq == entry.QueueSeq)
            {
                return live;
            }

            _after[m] = entry.QueueSeq ?? throw new InvalidOperationException("A stored waiting-list entry has no queue seq.");
        }

        return changed.Values.Where(r => r.QueueMode == mode && r.QueueSeq > _after[m]).MinBy(r => r.QueueSeq);
    }

    /// <summary>The head was taken (promoted): the walk goes on after it.</summary>
    public void Taken(AttendanceMode mode, long queueSeq) => _after[(int)mode] = queueSeq;
}

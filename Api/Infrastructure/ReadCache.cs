using System.Collections.Concurrent;

namespace EventScheduler.Api.Infrastructure;

/// <summary>Serialized public responses (e.g. a meeting's programme) kept until the next write. An entry
/// is valid only for the write generation read BEFORE it was built, so a write that commits while it is
/// being built makes it stale at once (see Database.WriteGeneration).</summary>
public sealed class ReadCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (long Generation, byte[] Body)> _entries = new();

    public bool TryGet(string key, long generation, out byte[] body)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation)
        {
            body = entry.Body;
            return true;
        }

        body = [];
        return false;
    }

    public void Set(string key, long generation, byte[] body)
    {
        if (_entries.Count >= MaxEntries)
        {
            // Crude but bounded: public programmes are few; a flood of distinct keys just empties the cache.
            _entries.Clear();
        }

        _entries[key] = (generation, body);
    }
}

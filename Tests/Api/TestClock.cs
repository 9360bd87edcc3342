namespace EventScheduler.Tests.Api;

/// <summary>Real time plus an offset the test controls, so rules about "now" can be exercised without
/// freezing timers the server relies on.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public void Reset() => _offset = TimeSpan.Zero;
}

using System.Collections.Concurrent;

namespace EventScheduler.Domain.Common;

/// <summary>Time zones by IANA id, looked up once. <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> takes a
/// process-wide lock on every call, and every registration response converts instants to its meeting's zone: under a
/// sign-up burst the request threads queued on that lock.</summary>
public static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Found = new(StringComparer.Ordinal);

    /// <summary>The zone with this id; <see cref="TimeZoneNotFoundException"/> as the runtime's lookup throws.</summary>
    public static TimeZoneInfo Find(string id) => Found.GetOrAdd(id, static zone => TimeZoneInfo.FindSystemTimeZoneById(zone));
}

using EventScheduler.Domain.Common;
namespace EventScheduler.Api.Infrastructure;

/// <summary>Instants are stored as Unix milliseconds UTC and shown in the meeting's own time zone.</summary>
public static class Instants
{
    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    public static DateTimeOffset InZone(DateTimeOffset value, string timeZone) =>
        TimeZoneInfo.ConvertTime(value, TimeZones.Find(timeZone));

    public static DateTimeOffset? InZone(DateTimeOffset? value, string timeZone) =>
        value is { } v ? InZone(v, timeZone) : null;
}

using System.Globalization;
using System.Text;

namespace EventScheduler.Api.Features.Programme.Calendar;

/// <summary>A minimal RFC 5545 writer: CRLF line endings, TEXT escaping, and content lines folded at
/// 75 octets of UTF-8 without splitting a character.</summary>
public sealed class ICalendarWriter
{
    public const int MaxLineOctets = 75;
    private readonly StringBuilder _text = new();

    /// <summary>Writes NAME:value with the value already in its final form (dates, enumerations).</summary>
    public ICalendarWriter Raw(string name, string value)
    {
        Fold($"{name}:{value}");
        return this;
    }

    /// <summary>Writes a TEXT property, escaping backslash, semicolon, comma and newlines.</summary>
    public ICalendarWriter Text(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Fold($"{name}:{Escape(value)}");
        }

        return this;
    }

    public ICalendarWriter Utc(string name, DateTimeOffset value) =>
        Raw(name, value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));

    /// <summary>A date-time in the meeting's own zone: <c>DTSTART;TZID=Asia/Shanghai:20210923T083000</c>, which a
    /// calendar shows as China time (with the VTIMEZONE the calendar carries).</summary>
    public ICalendarWriter Local(string name, DateTimeOffset value, TimeZoneInfo zone) =>
        Raw($"{name};TZID={zone.Id}", TimeZoneInfo.ConvertTime(value, zone).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));

    public override string ToString() => _text.ToString();

    public static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Splits a content line into lines of at most 75 octets; continuation lines start with a space (which counts).</summary>
    private void Fold(string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxLineOctets)
            {
                _text.Append("\r\n ");
                octets = 1;
            }

            _text.Append(rune.ToString());
            octets += size;
        }

        _text.Append("\r\n");
    }
}

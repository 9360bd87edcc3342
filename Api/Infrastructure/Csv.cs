namespace EventScheduler.Api.Infrastructure;

/// <summary>RFC 4180 cells for the CSV exports. A cell a spreadsheet would run as a formula (starting with
/// = + - @, tab or CR) gets a leading apostrophe, so an attendee's name cannot become a formula.</summary>
public static class Csv
{
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

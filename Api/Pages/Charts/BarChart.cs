using System.Globalization;

namespace EventScheduler.Api.Pages.Charts;

/// <summary>One bar: its label, its value, and an optional class (e.g. the slot running now).</summary>
public sealed record Bar(string Label, int Value, string? CssClass = null);

/// <summary>Horizontal bars, one per row with its label above it and its value beside it: labels of any length
/// (hospital names, slot titles) stay readable on a 360 px phone, which vertical bars could not offer.</summary>
public static class BarChart
{
    private const int Width = 340;
    private const int Row = 34;
    private const int LabelChars = 26;

    public static string Render(string id, string title, string description, IReadOnlyList<Bar> bars)
    {
        var height = Math.Max(Row, bars.Count * Row) + 4;
        var svg = Svg.Open(id, title, description, Width, height, "bar-chart");
        var max = Math.Max(1, bars.Select(b => b.Value).DefaultIfEmpty(0).Max());
        const int barSpace = Width - 50;
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var top = i * Row;
            var length = bar.Value == 0 ? 0 : Math.Max(2, barSpace * (double)bar.Value / max);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"0\" y=\"{top + 12}\">{Svg.E(Svg.Fit(bar.Label, LabelChars))}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar {bar.CssClass}\" x=\"0\" y=\"{top + 16}\" width=\"{Svg.N(length)}\" height=\"12\" rx=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{Svg.N(length + 4)}\" y=\"{top + 27}\">{bar.Value}</text>");
        }

        return Svg.Close(svg);
    }
}

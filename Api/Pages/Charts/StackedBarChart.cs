using System.Globalization;

namespace EventScheduler.Api.Pages.Charts;

/// <summary>One part of a stacked bar.</summary>
public sealed record Segment(string Name, int Value, string CssClass);

/// <summary>A row of a <see cref="StackedBarChart"/>: e.g. one attendance mode split into confirmed, waitlisted, cancelled.</summary>
public sealed record StackedRow(string Label, IReadOnlyList<Segment> Segments);

/// <summary>Rows of parts side by side on one common scale, with a legend naming each part.</summary>
public static class StackedBarChart
{
    private const int Width = 340;
    private const int Row = 40;

    public static string Render(string id, string title, string description, IReadOnlyList<StackedRow> rows)
    {
        var legend = rows.SelectMany(r => r.Segments).Select(s => (s.Name, s.CssClass)).Distinct().ToList();
        var height = rows.Count * Row + 24;
        var svg = Svg.Open(id, title, description, Width, height, "stacked-chart");
        var max = Math.Max(1, rows.Select(r => r.Segments.Sum(s => s.Value)).DefaultIfEmpty(0).Max());
        const int barSpace = Width - 50;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var top = i * Row;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"0\" y=\"{top + 12}\">{Svg.E(row.Label)}</text>");
            double x = 0;
            foreach (var segment in row.Segments.Where(s => s.Value > 0))
            {
                var length = barSpace * (double)segment.Value / max;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar {segment.CssClass}\" x=\"{Svg.N(x)}\" y=\"{top + 16}\" width=\"{Svg.N(length)}\" height=\"16\"/>");
                x += length;
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{Svg.N(x + 4)}\" y=\"{top + 29}\">{row.Segments.Sum(s => s.Value)}</text>");
        }

        var legendX = 0;
        foreach (var (name, css) in legend)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"key {css}\" x=\"{legendX}\" y=\"{height - 14}\" width=\"12\" height=\"12\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{legendX + 16}\" y=\"{height - 3}\">{Svg.E(name)}</text>");
            legendX += 105;
        }

        return Svg.Close(svg);
    }
}

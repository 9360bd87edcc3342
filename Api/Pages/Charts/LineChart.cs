using System.Globalization;

namespace EventScheduler.Api.Pages.Charts;

/// <summary>One line of a <see cref="LineChart"/>: cumulative values at points in time, drawn with <paramref name="CssClass"/>.</summary>
public sealed record LineSeries(string Name, string CssClass, IReadOnlyList<(DateTimeOffset At, int Value)> Points);

/// <summary>Lines over time (registrations so far, per mode), as inline SVG drawn on the server: axes with the
/// first and last time and the top value, a legend, and the last value of each line written at its end.</summary>
public static class LineChart
{
    private const int Width = 340;
    private const int Height = 210;
    private const int Left = 40;
    private const int Right = 300;
    private const int Top = 12;
    private const int Bottom = 160;

    public static string Render(string id, string title, string description, IReadOnlyList<LineSeries> series, DateTimeOffset from, DateTimeOffset to,
        Func<DateTimeOffset, string> timeLabel)
    {
        var svg = Svg.Open(id, title, description, Width, Height, "line-chart");
        var max = Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Value).DefaultIfEmpty(0).Max());
        var span = Math.Max(1, (to - from).Ticks);
        double X(DateTimeOffset at) => Left + (Right - Left) * (double)Math.Clamp((at - from).Ticks, 0, span) / span;
        double Y(int value) => Bottom - (Bottom - Top) * (double)value / max;

        // Grid: zero, half and the top value.
        foreach (var value in new[] { 0, max / 2, max }.Distinct())
        {
            var y = Svg.N(Y(value));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Right}\" y1=\"{y}\" y2=\"{y}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 4}\" y=\"{Svg.N(Y(value) + 4)}\" text-anchor=\"end\">{value}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left}\" y=\"{Bottom + 16}\">{Svg.E(timeLabel(from))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Right}\" y=\"{Bottom + 16}\" text-anchor=\"end\">{Svg.E(timeLabel(to))}</text>");

        var legendX = Left;
        foreach (var s in series)
        {
            var points = s.Points;
            if (points.Count > 0)
            {
                // Steps, not slopes: a cumulative count stays level until the next registration.
                var path = new System.Text.StringBuilder();
                path.Append(CultureInfo.InvariantCulture, $"{Svg.N(X(from))},{Svg.N(Y(0))}");
                var previous = 0;
                foreach (var (at, value) in points)
                {
                    path.Append(CultureInfo.InvariantCulture, $" {Svg.N(X(at))},{Svg.N(Y(previous))} {Svg.N(X(at))},{Svg.N(Y(value))}");
                    previous = value;
                }

                path.Append(CultureInfo.InvariantCulture, $" {Svg.N(X(to))},{Svg.N(Y(previous))}");
                svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"line {s.CssClass}\" points=\"{path}\"/>");
                svg.Append(CultureInfo.InvariantCulture,
                    $"<text class=\"value {s.CssClass}\" x=\"{Right + 4}\" y=\"{Svg.N(Y(previous) + 4)}\">{previous}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"key {s.CssClass}\" x=\"{legendX}\" y=\"{Bottom + 30}\" width=\"12\" height=\"12\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{legendX + 16}\" y=\"{Bottom + 41}\">{Svg.E(s.Name)}</text>");
            legendX += 130;
        }

        return Svg.Close(svg);
    }
}

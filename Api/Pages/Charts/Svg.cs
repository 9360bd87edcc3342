using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace EventScheduler.Api.Pages.Charts;

/// <summary>What the charts share: text encoded for markup (Chinese kept as is), numbers written invariantly,
/// and the accessible frame: an <c>svg</c> with <c>role="img"</c> named by its title and described by the
/// figures themselves, so a screen reader gets the values, not the drawing. Colours come from classes in
/// site.css (the pages' CSP allows no inline style).</summary>
internal static class Svg
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string E(string text) => Encoder.Encode(text);

    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static StringBuilder Open(string id, string title, string description, int width, int height, string cssClass)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg id=\"{id}\" class=\"chart {cssClass}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" ");
        svg.Append("preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{E(title)}</title><desc id=\"{id}-d\">{E(description)}</desc>");
        return svg;
    }

    public static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    /// <summary>A label cut to <paramref name="max"/> characters (an SVG text does not wrap); the full text is in the description.</summary>
    public static string Fit(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}

namespace EventScheduler.Tests.Api.Cme;

/// <summary>Looks at what a rendered page shows inside a rectangle: how much ink, and a coarse picture of
/// its shape, so two characters can be told apart (glyphs) or not (the same missing-glyph box, "tofu").</summary>
public sealed class GlyphInk
{
    private const int Grid = 16;

    private GlyphInk(double ink, double[] shape)
    {
        Ink = ink;
        Shape = shape;
    }

    /// <summary>Share of dark pixels in the rectangle.</summary>
    public double Ink { get; }

    private double[] Shape { get; }

    /// <summary>The rectangle in PDF points (origin bottom left) of a page <paramref name="pageHeight"/> points high, rendered at <paramref name="dpi"/>.</summary>
    public static GlyphInk Of((int Width, int Height, byte[] Pixels) bitmap, double pageHeight, int dpi, double left, double bottom, double right, double top)
    {
        var scale = dpi / 72.0;
        int x0 = (int)Math.Floor(left * scale), x1 = (int)Math.Ceiling(right * scale);
        int y0 = (int)Math.Floor((pageHeight - top) * scale), y1 = (int)Math.Ceiling((pageHeight - bottom) * scale);
        var cells = new double[Grid * Grid];
        var counts = new int[Grid * Grid];
        long dark = 0, all = 0;
        for (var y = Math.Max(0, y0); y < Math.Min(bitmap.Height, y1); y++)
        {
            for (var x = Math.Max(0, x0); x < Math.Min(bitmap.Width, x1); x++)
            {
                var isDark = bitmap.Pixels[y * bitmap.Width + x] < 128 ? 1 : 0;
                dark += isDark;
                all++;
                var cell = (y - y0) * Grid / Math.Max(1, y1 - y0) * Grid + (x - x0) * Grid / Math.Max(1, x1 - x0);
                cells[cell] += isDark;
                counts[cell]++;
            }
        }

        return new GlyphInk(all == 0 ? 0 : (double)dark / all, cells.Select((v, i) => counts[i] == 0 ? 0 : v / counts[i]).ToArray());
    }

    /// <summary>Mean difference of the two shapes, 0 (identical) to 1.</summary>
    public double DifferenceFrom(GlyphInk other) => Shape.Zip(other.Shape).Average(p => Math.Abs(p.First - p.Second));
}

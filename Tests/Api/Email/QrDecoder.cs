using System.Buffers.Binary;
using System.IO.Compression;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace EventScheduler.Tests.Api.Email;

/// <summary>Reads a QR code from a PNG with ZXing.Net. ZXing.Net's core takes luminance pixels, so this decodes the
/// PNG itself: non-interlaced grayscale, palette, RGB(A) at 1–8 bits, every row filter — what QR code PNGs use.</summary>
public static class QrDecoder
{
    public static string? Decode(byte[] png)
    {
        var (width, height, luminance) = ReadPng(png);
        var source = new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        // A generated image is a pure barcode (square modules, quiet zone): read its modules directly first. ZXing's
        // finder-pattern detector misses some clean codes ("PHQ6QUHHH2" was one, QrDecoderTests); it stays as the
        // fallback for anything that is not a pure barcode.
        var bitmap = new BinaryBitmap(new HybridBinarizer(source));
        var result = new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true })
                     ?? new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true });
        return result?.Text;
    }

    private static (int Width, int Height, byte[] Gray) ReadPng(byte[] png)
    {
        if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P')
        {
            throw new InvalidDataException("Not a PNG.");
        }

        int width = 0, height = 0, bitDepth = 0, colorType = 0;
        byte[] palette = [];
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    if (data[12] != 0)
                    {
                        throw new InvalidDataException("Interlaced PNGs are not supported.");
                    }

                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            at += 12 + length;
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidDataException($"Colour type {colorType}.") };
        var bitsPerPixel = channels * bitDepth;
        var stride = ((width * bitsPerPixel) + 7) / 8;
        var bpp = Math.Max(1, bitsPerPixel / 8);
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var previous = new byte[stride];
        var row = new byte[stride];
        var gray = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, (y * (stride + 1)) + 1, row, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                row[i] = (byte)(row[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Filter {filter}."),
                });
            }

            for (var x = 0; x < width; x++)
            {
                gray[(y * width) + x] = Pixel(row, x, bitDepth, colorType, channels, palette);
            }

            (previous, row) = (row, previous);
        }

        return (width, height, gray);
    }

    private static byte Pixel(byte[] row, int x, int bitDepth, int colorType, int channels, byte[] palette)
    {
        if (bitDepth < 8)
        {
            var bit = x * bitDepth;
            var value = (row[bit / 8] >> (8 - bitDepth - (bit % 8))) & ((1 << bitDepth) - 1);
            return colorType == 3 ? Luma(palette, value * 3) : (byte)(value * 255 / ((1 << bitDepth) - 1));
        }

        var at = x * channels;
        return colorType switch
        {
            0 or 4 => row[at],
            3 => Luma(palette, row[at] * 3),
            _ => (byte)((row[at] * 299 + row[at + 1] * 587 + row[at + 2] * 114) / 1000),
        };
    }

    private static byte Luma(byte[] palette, int at) => (byte)((palette[at] * 299 + palette[at + 1] * 587 + palette[at + 2] * 114) / 1000);

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

using PdfSharp.Fonts;

namespace EventScheduler.Api.Documents;

/// <summary>The two fonts bundled for certificates (see Documents/Fonts/README.md): DejaVu Sans for Latin,
/// Droid Sans Fallback for Chinese, which has no Latin glyphs. Text is split per character between them.</summary>
public sealed class CertificateFonts : IFontResolver
{
    public const string Latin = "DejaVu Sans";
    public const string Cjk = "Droid Sans Fallback";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, string> Files = new()
    {
        [Latin] = "DejaVuSans.ttf",
        [Cjk] = "DroidSansFallbackFull.ttf",
    };

    /// <summary>PDFsharp has one process-wide resolver; set it once, whoever asks first.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not CertificateFonts)
            {
                GlobalFontSettings.FontResolver = new CertificateFonts();
            }
        }
    }

    /// <summary>Characters the Latin font lacks and the CJK font draws: CJK ideographs, kana, hangul,
    /// CJK punctuation and full-width forms.</summary>
    public static bool IsCjk(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF'
        or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFFEF' || char.IsSurrogate(c);

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        Files.ContainsKey(familyName) ? new FontResolverInfo(familyName, isBold, isItalic) : new FontResolverInfo(Latin, isBold, isItalic);

    public byte[]? GetFont(string faceName)
    {
        var file = Files.GetValueOrDefault(faceName) ?? Files[Latin];
        using var stream = typeof(CertificateFonts).Assembly.GetManifestResourceStream($"EventScheduler.Api.Fonts.{file}")
                           ?? throw new InvalidOperationException($"The font {file} is not embedded in the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

using System.Diagnostics;

namespace EventScheduler.Tests.Api.Cme;

/// <summary>pdftoppm (Debian's poppler-utils) renders a PDF page to a greyscale bitmap the tests can inspect.
/// A fresh machine may lack it: it is installed on first use (the tests run as root there, like CI).</summary>
public static class Poppler
{
    private static readonly Lazy<string?> Installed = new(Install);

    /// <summary>Renders page 1 at <paramref name="dpi"/>; returns width, height and one byte (0 = black) per pixel.</summary>
    public static (int Width, int Height, byte[] Pixels) RenderFirstPage(byte[] pdf, int dpi)
    {
        if (Installed.Value is { } problem)
        {
            Assert.Fail(problem);
        }

        var dir = Directory.CreateTempSubdirectory("cme-pdf-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.pdf");
            File.WriteAllBytes(input, pdf);
            Run("pdftoppm", $"-gray -r {dpi} -f 1 -l 1 \"{input}\" \"{Path.Combine(dir.FullName, "page")}\"");
            return ReadPgm(Directory.GetFiles(dir.FullName, "page*.pgm").Single());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string? Install()
    {
        if (Which("pdftoppm"))
        {
            return null;
        }

        var (code, output) = Run("apt-get", "install -y -q poppler-utils", check: false);
        if (code != 0)
        {
            (_, _) = Run("apt-get", "update -q", check: false);
            (code, output) = Run("apt-get", "install -y -q poppler-utils", check: false);
        }

        return code == 0 && Which("pdftoppm") ? null : $"pdftoppm is missing and apt-get install poppler-utils failed: {output}";
    }

    private static bool Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private static (int Code, string Output) Run(string file, string args, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            Assert.Fail($"{file} {args} failed ({process.ExitCode}): {error}");
        }

        return (process.ExitCode, output.Result + error);
    }

    /// <summary>Binary PGM (P5, 8-bit): a text header "P5 width height maxval" then the pixels.</summary>
    private static (int, int, byte[]) ReadPgm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var fields = new List<string>();
        var i = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)bytes[i]))
            {
                i++;
            }

            var start = i;
            while (!char.IsWhiteSpace((char)bytes[i]))
            {
                i++;
            }

            fields.Add(System.Text.Encoding.ASCII.GetString(bytes, start, i - start));
        }

        Assert.That(fields[0], Is.EqualTo("P5"));
        var width = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        return (width, height, bytes[(i + 1)..(i + 1 + width * height)]);
    }
}

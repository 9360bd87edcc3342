using System.Text.RegularExpressions;

namespace EventScheduler.Tests.Readme;

/// <summary>One fenced ```bash block of README.md: where it starts, the section it is under, its lines, and
/// whether it is marked <c>&lt;!-- no-run --&gt;</c> (on the line right before its fence).</summary>
public sealed record ReadmeBlock(int Number, int FenceLine, string Section, IReadOnlyList<string> Lines, bool Runnable)
{
    /// <summary>README line of the block's first content line (the fence is one above).</summary>
    public int FirstLine => FenceLine + 1;

    public override string ToString() => $"block {Number} (README.md line {FenceLine}, under \"{Section}\")";
}

/// <summary>Reads the ```bash blocks of README.md. A block runs unless the line right before its fence is
/// <c>&lt;!-- no-run --&gt;</c> or <c>&lt;!-- no-run: why --&gt;</c>.</summary>
public static partial class ReadmeBlocks
{
    public static string ReadmePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventScheduler.sln")))
            {
                return Path.Combine(dir.FullName, "README.md");
            }
        }

        throw new InvalidOperationException("Repository root (EventScheduler.sln) not found.");
    }

    public static IReadOnlyList<ReadmeBlock> Read(string path) => Parse(File.ReadAllLines(path));

    public static IReadOnlyList<ReadmeBlock> Parse(IReadOnlyList<string> lines)
    {
        var blocks = new List<ReadmeBlock>();
        var section = "(top)";
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
                continue;
            }

            if (line.TrimEnd() != "```bash")
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    i = CloseOf(lines, i); // another language's block: skip it whole (its '#' lines are not headings)
                }

                continue;
            }

            var close = CloseOf(lines, i);
            var runnable = i == 0 || !IsNoRunMarker(lines[i - 1]);
            blocks.Add(new ReadmeBlock(blocks.Count + 1, i + 1, section, lines.Skip(i + 1).Take(close - i - 1).ToArray(), runnable));
            i = close;
        }

        return blocks;
    }

    public static bool IsNoRunMarker(string line) => NoRun().IsMatch(line.Trim());

    /// <summary>Lines of runnable blocks that still hold a placeholder for a value the reader was meant to copy
    /// by hand (<c>ORG=esk_...</c>, <c>H=...</c>): the walkthrough must set it from an earlier answer.</summary>
    public static IEnumerable<string> Placeholders(IEnumerable<ReadmeBlock> blocks) =>
        blocks.Where(b => b.Runnable)
            .SelectMany(b => b.Lines.Select((text, i) => (Block: b, Line: b.FirstLine + i, Text: text)))
            .Where(l => Placeholder().IsMatch(l.Text))
            .Select(l => $"README.md line {l.Line} ({l.Block}): {l.Text.Trim()}");

    private static int CloseOf(IReadOnlyList<string> lines, int open)
    {
        for (var j = open + 1; j < lines.Count; j++)
        {
            if (lines[j].TrimEnd() == "```")
            {
                return j;
            }
        }

        throw new InvalidOperationException($"README.md line {open + 1}: the code block is never closed.");
    }

    [GeneratedRegex("^<!-- no-run( *:.*)? -->$")]
    private static partial Regex NoRun();

    [GeneratedRegex(@"=\s*(\.\.\.|[A-Za-z]+_\.\.\.)|<[a-z-]+>")]
    private static partial Regex Placeholder();
}

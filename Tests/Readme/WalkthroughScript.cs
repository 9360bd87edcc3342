using System.Text;

namespace EventScheduler.Tests.Readme;

/// <summary>The README's runnable blocks, in order, as one bash script, plus the map from script lines back to
/// README lines so that a failure names the README line. The blocks are copied literally; the preamble only
/// makes failures visible: <c>-e</c> and <c>pipefail</c>, and <c>curl</c> failing on an HTTP error answer
/// (4xx/5xx, body still printed) unless the command writes the status out itself with <c>-w</c>, which is
/// how a walkthrough shows an error on purpose.</summary>
public sealed class WalkthroughScript
{
    private const string Preamble = """
        set -eo pipefail
        exec 2>&1
        curl() {
          local rc=0
          case " $* " in
            *" -w "*|*" --write-out "*) command curl --max-time 60 "$@" || rc=$? ;;
            *) command curl -S --fail-with-body --max-time 60 "$@" || rc=$? ;;
          esac
          return $rc
        }
        trap 'rc=$?; printf "%s\t%s\t%s\n" "$LINENO" "$rc" "$BASH_COMMAND" > "$WALKTHROUGH_FAILURE"' ERR
        trap 'printf "%s\n" "$LINENO" > "$WALKTHROUGH_AT"' DEBUG
        """;

    private readonly List<(ReadmeBlock Block, int ReadmeLine)?> _origin = [];

    public WalkthroughScript(IEnumerable<ReadmeBlock> blocks)
    {
        var text = new StringBuilder();
        foreach (var line in Preamble.Split('\n'))
        {
            Append(text, line, null);
        }

        foreach (var block in blocks.Where(b => b.Runnable))
        {
            Append(text, $"# ---- {block}", null);
            for (var i = 0; i < block.Lines.Count; i++)
            {
                Append(text, block.Lines[i], (block, block.FirstLine + i));
            }
        }

        Text = text.ToString();
    }

    public string Text { get; }

    /// <summary>Where script line <paramref name="scriptLine"/> (1-based, bash's LINENO) came from.</summary>
    public (ReadmeBlock Block, int ReadmeLine)? Origin(int scriptLine) =>
        scriptLine >= 1 && scriptLine <= _origin.Count ? _origin[scriptLine - 1] : null;

    private void Append(StringBuilder text, string line, (ReadmeBlock, int)? origin)
    {
        text.Append(line).Append('\n');
        _origin.Add(origin);
    }
}

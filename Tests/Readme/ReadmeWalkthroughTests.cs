using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EventScheduler.Api.Infrastructure.Errors;
using EventScheduler.Tests.Api.Durability;

namespace EventScheduler.Tests.Readme;

/// <summary>The README's walkthroughs are run as a reader would: every ```bash block not marked
/// <c>&lt;!-- no-run --&gt;</c>, in order, in one <c>bash -e</c>, against a freshly started real Api process
/// started as the README says (bootstrap admin key, demo data, private webhook destinations allowed).
/// A failure names the README line, the block, the command, its exit code and the output before it.</summary>
[NonParallelizable]
public sealed partial class ReadmeWalkthroughTests
{
    private const string AdminKey = "change-me-bootstrap";
    // Deadlines only bound a hang: a loaded CI machine needs well over a minute to start a seeded service.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    private const string HowTo = "Every ```bash block of README.md runs, in order, in one `bash -e` (with pipefail) against a fresh service "
        + "started with --seed-demo; curl fails on an HTTP error answer unless the command prints the status itself with -w. Set every "
        + "variable from an earlier answer (see the `field` helper in the first walkthrough block). A block that cannot run: put "
        + "<!-- no-run --> (or <!-- no-run: why -->) on the line right before its fence.";

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() =>
        _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "es-readme-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Readme_RunnableBlocks_HoldNoPlaceholders()
    {
        var blocks = ReadmeBlocks.Read(ReadmeBlocks.ReadmePath());

        Assert.Multiple(() =>
        {
            Assert.That(blocks.Where(b => b.Runnable), Is.Not.Empty, "the README has walkthrough blocks to run");
            Assert.That(ReadmeBlocks.Placeholders(blocks), Is.Empty, "set these from an earlier answer, e.g. ORG=$(curl ... | field key). " + HowTo);
        });
    }

    /// <summary>A backticked snake_case word of the README that is neither a code the API can return nor a value or
    /// name of the contract, yet differs from a code by a letter or two (<c>slot_outside_meeting</c> for
    /// <c>slots_outside_meeting</c>), is a misspelt code. Other words (table names, cookies) are free.</summary>
    [Test]
    public void Readme_SnakeCaseNames_AreNotMisspeltErrorCodes()
    {
        var readme = File.ReadAllText(ReadmeBlocks.ReadmePath());
        var contract = ContractWords(JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(ReadmeBlocks.ReadmePath())!, "openapi.json")))!);
        var codes = ErrorCatalogue.All.Select(e => e.Code).ToList();

        var misspelt = SnakeCaseName().Matches(readme).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)
            .Where(n => ErrorCatalogue.Find(n) is null && !contract.Contains(n))
            .SelectMany(n => codes.Where(c => Distance(n, c) <= 2).Select(c => $"`{n}` (did you mean `{c}`?)"))
            .ToList();

        Assert.That(misspelt, Is.Empty, "README words that look like misspelt error codes (Api/Infrastructure/Errors/ErrorCatalogue.cs)");
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }

    private static HashSet<string> ContractWords(JsonNode document)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        words.Add(name);
                        if (name == "enum" && value is JsonArray values)
                        {
                            words.UnionWith(values.Select(v => v?.ToString() ?? ""));
                        }

                        Walk(value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(document);
        return words;
    }

    [GeneratedRegex("`([a-z]+(?:_[a-z0-9]+)+)`")]
    private static partial Regex SnakeCaseName();

    [Test]
    public void Readme_NoRunMarkers_StandRightBeforeABashFence()
    {
        var lines = File.ReadAllLines(ReadmeBlocks.ReadmePath());
        var stray = lines.Select((text, i) => (Text: text, Line: i + 1))
            .Where(l => ReadmeBlocks.IsNoRunMarker(l.Text) && (l.Line >= lines.Length || lines[l.Line].TrimEnd() != "```bash"))
            .Select(l => $"README.md line {l.Line}")
            .ToList();

        Assert.That(stray, Is.Empty, "a <!-- no-run --> marker applies only to the ```bash fence on the very next line");
    }

    [Test]
    public async Task Readme_Walkthroughs_RunLiterallyAgainstAFreshService()
    {
        var blocks = ReadmeBlocks.Read(ReadmeBlocks.ReadmePath());
        var script = new WalkthroughScript(blocks);
        var scriptPath = Path.Combine(_directory, "walkthrough.sh");
        await File.WriteAllTextAsync(scriptPath, script.Text);
        var clock = Stopwatch.StartNew();
        using var api = await ApiProcess.StartAsync(Path.Combine(_directory, "walkthrough.db"), AdminKey, TimeSpan.FromMinutes(3),
            new Dictionary<string, string?> { ["Webhooks:Enabled"] = "true", ["Webhooks:AllowPrivateDestinations"] = "true" }, ["--seed-demo"]);

        var started = clock.Elapsed;
        var (exitCode, output, timedOut) = await RunAsync(scriptPath, api.BaseAddress);
        await TestContext.Out.WriteLineAsync($"Service ready in {started.TotalSeconds:F1} s; {blocks.Count(b => b.Runnable)} blocks ran in "
            + $"{(clock.Elapsed - started).TotalSeconds:F1} s.");

        if (exitCode != 0)
        {
            Assert.Fail(Explain(script, exitCode, output, timedOut) + "\n\nService log (last lines):\n" + api.RecentOutput());
        }
    }

    private async Task<(int ExitCode, IReadOnlyList<string> Output, bool TimedOut)> RunAsync(string scriptPath, Uri service)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--noprofile");
        info.ArgumentList.Add("--norc");
        info.ArgumentList.Add(scriptPath);
        info.Environment["B"] = service.ToString().TrimEnd('/');
        if (await RealPythonAsync() is { } python)
        {
            // A version-manager shim (pyenv) spawns a shell and its resolver on every call, about a second each on a busy
            // machine; the walkthrough calls python3 some twenty times. The same interpreter, called directly, is fast.
            var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
            File.CreateSymbolicLink(Path.Combine(bin, "python3"), python);
            info.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        info.Environment["WALKTHROUGH_FAILURE"] = Path.Combine(_directory, "failure");
        info.Environment["WALKTHROUGH_AT"] = Path.Combine(_directory, "at");

        var output = new List<string>();
        using var bash = Process.Start(info) ?? throw new InvalidOperationException("Could not start bash.");
        bash.OutputDataReceived += (_, e) => Keep(output, e.Data);
        bash.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        bash.BeginOutputReadLine();
        bash.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(RunTimeout);
        try
        {
            await bash.WaitForExitAsync(cancel.Token);
            bash.WaitForExit(); // drains the redirected output
            return (bash.ExitCode, Snapshot(output), false);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            await bash.WaitForExitAsync();
            return (-1, Snapshot(output), true);
        }
    }

    /// <summary>The interpreter <c>python3</c> on the PATH finally runs, or null when there is none.</summary>
    private static async Task<string?> RealPythonAsync()
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import sys; print(sys.executable)");
        try
        {
            using var python = Process.Start(info)!;
            var path = (await python.StandardOutput.ReadToEndAsync()).Trim();
            await python.WaitForExitAsync();
            return python.ExitCode == 0 && File.Exists(path) ? path : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no python3: the walkthrough will say so at its first use
        }
    }

    private string Explain(WalkthroughScript script, int exitCode, IReadOnlyList<string> output, bool timedOut)
    {
        var failure = ReadIfExists("failure")?.Split('\t', 3);
        var scriptLine = failure is { Length: 3 } ? failure[0] : ReadIfExists("at");
        var origin = int.TryParse(scriptLine, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? script.Origin(n) : null;
        var where = origin is { } o ? $"README.md line {o.ReadmeLine}, in {o.Block}" : $"the runner's preamble (script line {scriptLine})";
        var what = timedOut
            ? $"did not finish within {RunTimeout.TotalMinutes} minutes; it was running {where}"
            : failure is { Length: 3 }
                ? $"failed at {where}: exit code {failure[1]} from: {failure[2]}"
                : $"exited with {exitCode} at {where}";
        var tail = string.Join('\n', output.TakeLast(40));
        return $"The README walkthrough {what}\n\n{HowTo}\n\nOutput before the failure (last 40 lines):\n{tail}";
    }

    private string? ReadIfExists(string name)
    {
        var path = Path.Combine(_directory, name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    private static void Keep(List<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }
    }

    private static string[] Snapshot(List<string> output)
    {
        lock (output)
        {
            return output.ToArray();
        }
    }
}

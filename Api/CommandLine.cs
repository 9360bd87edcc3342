namespace EventScheduler.Api;

/// <summary>The process's own command line, split from what belongs to the host. Flags of the service
/// (<c>--seed-demo</c>) are taken out; everything else (<c>--urls http://...</c>,
/// <c>--Database:Path=...</c>) goes to ASP.NET Core's configuration untouched, so a flag never swallows
/// the next argument. A verb (a first argument without dashes, e.g. a later <c>backup</c>) with its own
/// arguments runs instead of serving; add it to <see cref="Verbs"/>.</summary>
public sealed record CommandLine(string? Verb, IReadOnlyList<string> VerbArguments, IReadOnlySet<string> Flags, string[] HostArguments)
{
    public const string SeedDemoFlag = "--seed-demo";

    /// <summary>Flags of the service itself; they take no value.</summary>
    public static readonly IReadOnlySet<string> KnownFlags = new HashSet<string>(StringComparer.Ordinal) { SeedDemoFlag };

    /// <summary>Verbs that run a task and exit instead of serving.</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal) { Operations.BackupCommand.Verb };

    public bool Has(string flag) => Flags.Contains(flag);

    /// <exception cref="ArgumentException">An unknown verb, or a service flag given a value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? verb = null;
        var verbArguments = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var host = new List<string>();
        var start = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            verb = Verbs.Contains(args[0]) ? args[0] : throw new ArgumentException($"Unknown command '{args[0]}'. {Usage}");
            start = 1;
            while (start < args.Count && !args[start].StartsWith('-'))
            {
                verbArguments.Add(args[start++]);
            }
        }

        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (KnownFlags.Contains(name))
            {
                flags.Add(name == arg ? arg : throw new ArgumentException($"{name} takes no value. {Usage}"));
                continue;
            }

            host.Add(arg);
        }

        return new CommandLine(verb, verbArguments, flags, host.ToArray());
    }

    public static string Usage =>
        "Usage: dotnet run --project Api [-- [backup FILE] [--seed-demo] [--urls URL] [--Section:Key=value ...]]";
}

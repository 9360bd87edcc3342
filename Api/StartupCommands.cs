using EventScheduler.Api.Auth;
using EventScheduler.Api.Infrastructure;
using EventScheduler.Api.Operations;
using EventScheduler.Api.Storage;

namespace EventScheduler.Api;

/// <summary>What happens between building the host and serving: migrations, configuration checks and
/// the command-line verbs (<c>--seed-demo</c>).</summary>
public static class StartupCommands
{
    /// <summary>Applies migrations, then handles the command line's verbs and flags. Returns true when the
    /// process should exit (a verb ran) instead of serving.</summary>
    public static async Task<bool> RunCommandsAsync(WebApplication app, CommandLine command)
    {
        if (command.Verb == BackupCommand.Verb)
        {
            // Before PrepareAsync on purpose: a backup never migrates (or creates) the database it copies.
            Environment.ExitCode = await BackupCommand.RunAsync(app.Services, command.VerbArguments, Console.Out, Console.Error, CancellationToken.None);
            return true;
        }

        await PrepareAsync(app.Services, CancellationToken.None);
        if (command.Has(CommandLine.SeedDemoFlag))
        {
            var created = await DemoSeed.RunAsync(app.Services, CancellationToken.None);
            app.Logger.LogInformation("Demo data {Outcome}.", created ? "loaded" : "already present");
        }

        ApiApplication.Configure(app);
        return false;
    }

    /// <summary>Checks the configuration and migrates the database. A database that cannot be used throws
    /// <see cref="DatabaseStartupException"/> (one line naming the file and the problem).</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        // Fail at start-up, not on the first request, when the auth configuration is unsafe.
        _ = services.GetRequiredService<ApiKeyService>();
        _ = services.GetRequiredService<Email.EmailSettings>();
        var database = services.GetRequiredService<Database>();
        try
        {
            var time = services.GetRequiredService<TimeProvider>();
            await Migrator.MigrateAsync(database, time, ct);
            await EmailCanonicalBackfill.RunAsync(database, time, services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EmailCanonicalBackfill)), ct);
        }
        catch (Exception ex) when (DatabaseStartupException.IsAbout(ex))
        {
            throw DatabaseStartupException.For(database.Dialect.Describe(), ex);
        }

        // The first Data Protection key, made once under the write lock (see KeyRingBootstrap).
        await Infrastructure.DataProtection.KeyRingBootstrap.EnsureAsync(services, ct);
    }
}

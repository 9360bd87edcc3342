using EventScheduler.Api.Storage;

namespace EventScheduler.Api.Operations;

/// <summary><c>backup FILE</c>: a verified online copy of the configured database, taken while the service runs
/// (or not), without the web host and without touching the database's schema. Exit 0 with one line saying what was
/// written; 1 with one line saying why not (on stderr); 2 for a wrong command line.</summary>
public static class BackupCommand
{
    public const string Verb = "backup";
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, TextWriter error,
        CancellationToken ct)
    {
        if (arguments.Count != 1)
        {
            await error.WriteLineAsync("Usage: dotnet run --project Api -- backup FILE [--Database:Path=...]  (one target file)");
            return Usage;
        }

        var configuration = services.GetRequiredService<IConfiguration>();
        var provider = configuration["Database:Provider"];
        if (provider is not null && provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync("Backup failed: the database is PostgreSQL; back it up with pg_dump (e.g. pg_dump -Fc -f FILE DBNAME), "
                                       + "which takes a consistent copy while the service runs.");
            return Failed;
        }

        var database = services.GetRequiredService<Database>();
        var busyTimeout = configuration.GetValue($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.BusyTimeoutMs)}", new DatabaseOptions().BusyTimeoutMs);
        try
        {
            var result = await DatabaseBackup.RunAsync(database.FullPath, arguments[0], busyTimeout, ct);
            await output.WriteLineAsync(
                $"Backed up {result.Source} to {result.Target}: {result.Bytes / 1024.0 / 1024.0:F1} MiB ({result.Pages} pages, "
                + $"{result.Migrations} migrations), integrity ok, in {result.Elapsed.TotalSeconds:F1} s.");
            return 0;
        }
        catch (BackupFailedException ex)
        {
            await error.WriteLineAsync($"Backup failed: {ex.Message}");
            return Failed;
        }
    }
}

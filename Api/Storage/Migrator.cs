using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Storage;

/// <summary>Applies the numbered SQL files embedded under Storage/Migrations, each once, in order,
/// each in its own transaction, and records them in schema_migrations. Landed files are never edited:
/// a change is a new file.</summary>
public static class Migrator
{
    private const string ResourcePrefix = "EventScheduler.Api.Storage.Migrations.";

    private const string CreateLedgerSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        );
        """;

    private const string AppliedSql = "SELECT version FROM schema_migrations";

    private const string RecordSql = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)";

    public static IReadOnlyList<(int Version, string Name, string Sql)> Embedded()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[ResourcePrefix.Length..^4];
                var version = int.Parse(name.Split('_')[0], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (version, name, reader.ReadToEnd());
            })
            .OrderBy(m => m.version)
            .ToArray();
    }

    public static async Task MigrateAsync(Database database, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await database.OpenForSetupAsync(ct);
        // WAL is a property of the file, so setting it once here covers every later connection.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(CreateLedgerSql, cancellationToken: ct));

        foreach (var (version, name, sql) in Embedded())
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            // Re-read inside the write lock so two processes starting together apply each file once.
            var applied = (await connection.QueryAsync<long>(new CommandDefinition(AppliedSql, transaction: transaction, cancellationToken: ct))).ToHashSet();
            if (applied.Contains(version))
            {
                await transaction.RollbackAsync(ct);
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(RecordSql,
                new { Version = version, Name = name, AppliedAt = time.GetUtcNow().ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
        }

        await database.PinAsync(ct);
    }
}

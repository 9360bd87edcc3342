using System.Reflection;
using System.Data.Common;
using Dapper;

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

    /// <summary>The SQLite migrations, or with <paramref name="folder"/> "Postgres." PostgreSQL's (numbered alike).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Embedded(string folder = "")
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = ResourcePrefix + folder;
        return assembly.GetManifestResourceNames()
            // Only this folder's files: SQLite's folder holds PostgreSQL's as a subfolder.
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal) && char.IsDigit(n[prefix.Length]))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
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
        var dialect = database.Dialect;
        await using (var connection = await dialect.OpenForMigrationsAsync(ct))
        {
            await MigrateAsync(connection, dialect, time, ct);
        }

        await dialect.PinAsync(ct);
    }

    private static async Task MigrateAsync(DbConnection connection, SqlDialect dialect, TimeProvider time, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(CreateLedgerSql, cancellationToken: ct));
        foreach (var (version, name, sql) in Embedded(dialect.MigrationsFolder))
        {
            await using var transaction = await dialect.BeginWriteAsync(connection, durable: true, ct);
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
    }
}

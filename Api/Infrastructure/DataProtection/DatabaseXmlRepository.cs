using System.Xml.Linq;
using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Api.Infrastructure.DataProtection;

/// <summary>The Data Protection key ring in the database (table <c>data_protection_keys</c>), so every process that
/// opens the database reads and writes the same keys: a link protected by one instance opens on another.
/// The interface is synchronous; key ring reads are rare (at start-up and about once a day).</summary>
public sealed class DatabaseXmlRepository(Database db, TimeProvider time) : IXmlRepository
{
    private const string AllSql = "SELECT xml FROM data_protection_keys ORDER BY created_at, name";

    private const string StoreSql = """
        INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@Name, @Xml, @CreatedAt)
        ON CONFLICT (name) DO UPDATE SET xml = excluded.xml
        """;

    private const string CountSql = "SELECT COUNT(*) FROM data_protection_keys";

    // Set while the start-up step creates the first key inside its own write transaction (see KeyRingBootstrap).
    private static readonly AsyncLocal<(SqliteConnection Connection, SqliteTransaction Transaction)?> Ambient = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (Ambient.Value is { } ambient)
        {
            return Read(ambient.Connection, ambient.Transaction);
        }

        using var connection = new SqliteConnection(db.ConnectionString);
        connection.Open();
        return Read(connection, null);
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var args = new { Name = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = Instants.ToMs(time.GetUtcNow()) };
        if (Ambient.Value is { } ambient)
        {
            ambient.Connection.Execute(StoreSql, args, ambient.Transaction);
            return;
        }

        using var connection = new SqliteConnection(db.ConnectionString);
        connection.Open();
        connection.Execute("PRAGMA synchronous=FULL");
        connection.Execute(StoreSql, args);
    }

    internal static int Count(SqliteConnection c, SqliteTransaction tx) => c.ExecuteScalar<int>(CountSql, transaction: tx);

    /// <summary>Routes this repository's reads and writes to the caller's transaction until disposed.</summary>
    internal static IDisposable Use(SqliteConnection c, SqliteTransaction tx)
    {
        Ambient.Value = (c, tx);
        return new Reset();
    }

    private static List<XElement> Read(SqliteConnection c, SqliteTransaction? tx) =>
        c.Query<string>(AllSql, transaction: tx).Select(xml => XElement.Parse(xml)).ToList();

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Ambient.Value = null;
    }
}

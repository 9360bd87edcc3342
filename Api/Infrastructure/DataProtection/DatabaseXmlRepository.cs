using System.Xml.Linq;
using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using System.Data.Common;

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
    private static readonly AsyncLocal<(DbConnection Connection, DbTransaction Transaction)?> Ambient = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (Ambient.Value is { } ambient)
        {
            return Read(ambient.Connection, ambient.Transaction);
        }

        // Sync over async: the interface is synchronous and key ring reads are rare.
        return db.ReadAsync(c => Task.FromResult(Read(c, null)), CancellationToken.None).GetAwaiter().GetResult();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var args = new { Name = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = Instants.ToMs(time.GetUtcNow()) };
        if (Ambient.Value is { } ambient)
        {
            ambient.Connection.Execute(StoreSql, args, ambient.Transaction);
            return;
        }

        // A durable write under the write lock, like every other (rare: a new key about every 90 days).
        db.WriteAsync((c, tx) => Task.FromResult(c.Execute(StoreSql, args, tx)), CancellationToken.None).GetAwaiter().GetResult();
    }

    internal static int Count(DbConnection c, DbTransaction tx) => c.ExecuteScalar<int>(CountSql, transaction: tx);

    /// <summary>Routes this repository's reads and writes to the caller's transaction until disposed.</summary>
    internal static IDisposable Use(DbConnection c, DbTransaction tx)
    {
        Ambient.Value = (c, tx);
        return new Reset();
    }

    private static List<XElement> Read(DbConnection c, DbTransaction? tx) =>
        c.Query<string>(AllSql, transaction: tx).Select(xml => XElement.Parse(xml)).ToList();

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Ambient.Value = null;
    }
}

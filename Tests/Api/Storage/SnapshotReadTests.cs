using Dapper;
using EventScheduler.Api.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EventScheduler.Tests.Api.Storage;

/// <summary>A snapshot read (list pages, exports, the change feed) is a read transaction: it never holds SQLite's write
/// lock, so the writer and other readers go on while it streams.</summary>
public sealed class SnapshotReadTests : ApiTestBase
{
    [Test]
    public async Task Snapshot_WhileOpenAfterItsFirstRead_LeavesTheWriteLockFree()
    {
        var db = Factory.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync(CancellationToken.None);
        await using var tx = await db.BeginSnapshotAsync(c, CancellationToken.None);
        await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM meetings", transaction: tx));

        await using var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Factory.DatabasePath, Pooling = false }.ToString());
        await writer.OpenAsync();
        await using var take = writer.CreateCommand();
        take.CommandText = "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;";

        Assert.DoesNotThrowAsync(() => take.ExecuteNonQueryAsync(), "another connection takes the write lock at once");
    }
}

using EventScheduler.Api.Storage;
using Microsoft.Data.Sqlite;

namespace EventScheduler.Tests.Api.Storage;

/// <summary>The writer's statements on SQLite's own prepared statements: bound by position, run again and again, failing
/// as Microsoft.Data.Sqlite fails (so the writer's fault mapping reads the same codes), and refusing what they cannot
/// bind rather than storing something else.</summary>
public sealed class SqliteBatchStatementTests
{
    private string _dir = "";
    private SqliteConnection _connection = null!;
    private SqliteTransaction _transaction = null!;

    [SetUp]
    public void Open()
    {
        _dir = Directory.CreateTempSubdirectory("batch-statement-").FullName;
        _connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "t.db")};Pooling=False");
        _connection.Open();
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, flag INTEGER, body BLOB, note TEXT)";
            create.ExecuteNonQuery();
        }

        _transaction = _connection.BeginTransaction();
    }

    [TearDown]
    public void Close()
    {
        _transaction.Dispose();
        _connection.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private SqliteBatchStatement Insert() =>
        new(_connection, "INSERT INTO t (id, n, flag, body, note) VALUES (@Id, @N, @Flag, @Body, @Note)", ["Id", "N", "Flag", "Body", "Note"]);

    [Test]
    public async Task FirstRow_WhenRowsWereInsertedByPosition_ReturnsEachColumnTyped()
    {
        using var insert = Insert();
        insert.BindAll("a", 7L, true, new byte[] { 1, 2 }, null);
        Assert.That(await insert.ExecuteAsync(CancellationToken.None), Is.EqualTo(1));
        insert.BindAll("b", 8, false, Array.Empty<byte>(), "second");
        Assert.That(await insert.ExecuteAsync(CancellationToken.None), Is.EqualTo(1));

        // Parameters named out of column order: each name finds its own position.
        using var select = new SqliteBatchStatement(_connection, "SELECT id, n, flag, body, note FROM t WHERE n = @N AND id = @Id", ["Id", "N"]);
        select.BindAll("a", 7L);
        var row = await select.FirstRowAsync(CancellationToken.None);
        Assert.That(row, Is.EqualTo(new object?[] { "a", 7L, 1L, new byte[] { 1, 2 }, null }));
        select.BindAll("b", 8L);
        Assert.That((await select.FirstRowAsync(CancellationToken.None))![4], Is.EqualTo("second"));
        select.BindAll("b", 7L);
        Assert.That(await select.FirstRowAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Execute_WhenConstraintFails_ThrowsSqliteConstraintAndStaysUsable()
    {
        using var insert = Insert();
        insert.BindAll("a", 1L, false, null, null);
        await insert.ExecuteAsync(CancellationToken.None);

        var error = Assert.ThrowsAsync<SqliteException>(() => insert.ExecuteAsync(CancellationToken.None));
        Assert.That(error!.SqliteErrorCode, Is.EqualTo(SQLitePCL.raw.SQLITE_CONSTRAINT));

        insert.BindAll("c", 3L, false, null, null);
        Assert.That(await insert.ExecuteAsync(CancellationToken.None), Is.EqualTo(1));
        using var count = new SqliteBatchStatement(_connection, "SELECT COUNT(*) FROM t", []);
        Assert.That(await count.ScalarAsync(CancellationToken.None), Is.EqualTo(2L));
    }

    [Test]
    public void Bind_WhenValueHasNoSqliteType_IsRefused()
    {
        using var insert = Insert();
        Assert.Throws<NotSupportedException>(() => insert.Bind(0, Guid.NewGuid()));
    }

    [Test]
    public void Prepare_WhenNamesDoNotMatchTheStatement_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => _ = new SqliteBatchStatement(_connection, "SELECT 1 FROM t WHERE id = @Id", ["Other"]));
        Assert.Throws<ArgumentException>(() => _ = new SqliteBatchStatement(_connection, "SELECT 1 FROM t WHERE id = @Id AND n = @N", ["Id"]));
    }

    [Test]
    public void Prepare_WhenSqlIsInvalid_ThrowsSqliteException() =>
        Assert.Throws<SqliteException>(() => _ = new SqliteBatchStatement(_connection, "SELEKT 1", []));

    [Test]
    public async Task Commit_AfterStatementsRan_SucceedsAndKeepsTheRows()
    {
        using (var insert = Insert())
        {
            insert.BindAll("a", 1L, false, null, null);
            await insert.ExecuteAsync(CancellationToken.None);
        }

        _transaction.Commit();
        using var count = _connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t";
        Assert.That(count.ExecuteScalar(), Is.EqualTo(1L));
    }
}

using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>The statements of one writer batch, each prepared on first use and reused for the whole batch. Dapper
/// builds (and SQLite parses and plans) a new statement on every call; on the writer's thread that was a third of a
/// sign-up's cost. Each provider prepares them its own way (<see cref="SqlDialect.PrepareBatchStatement"/>).</summary>
public sealed class BatchStatements(SqlDialect dialect, DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, BatchStatement> _statements = new(StringComparer.Ordinal);

    /// <summary>The batch's connection and transaction, for a store's own statements that must commit with it.</summary>
    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    /// <summary>True when running one prepared statement per row costs less than one multi-row statement
    /// (<see cref="SqlDialect.RowAtATimeIsCheap"/>).</summary>
    public bool RowAtATimeIsCheap => dialect.RowAtATimeIsCheap;

    /// <summary>The prepared statement for <paramref name="sql"/>, whose parameters <paramref name="parameterNames"/>
    /// name (without '@') in the order <see cref="BatchStatement.Bind"/> takes them.</summary>
    public BatchStatement Get(string sql, IReadOnlyList<string> parameterNames)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = dialect.PrepareBatchStatement(connection, transaction, sql, parameterNames);
            _statements[sql] = statement;
        }

        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
    }
}

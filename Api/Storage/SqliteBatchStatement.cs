using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EventScheduler.Api.Storage;

/// <summary>A <see cref="BatchStatement"/> straight on SQLite's own prepared statement, on the batch's connection (so
/// inside its transaction). Microsoft.Data.Sqlite looks every parameter up by name on every execution (a name
/// marshalled to UTF-8 and searched among the statement's parameters each time) and walks its statement list around
/// each step: measured under the sign-up load, that was about two fifths of the writer thread's time, more than SQLite's
/// own work. Here each name is looked up once, at prepare, and each run is bind, step, reset. Errors are raised as
/// Microsoft.Data.Sqlite raises them (<see cref="SqliteException"/>), so <see cref="StorageFaults"/> reads them alike.</summary>
public sealed class SqliteBatchStatement : BatchStatement
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _positions;

    public SqliteBatchStatement(SqliteConnection connection, string sql, IReadOnlyList<string> parameterNames)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        _positions = new int[parameterNames.Count];
        for (var i = 0; i < _positions.Length; i++)
        {
            _positions[i] = raw.sqlite3_bind_parameter_index(_statement, "@" + parameterNames[i]);
            if (_positions[i] == 0)
            {
                _statement.Dispose();
                throw new ArgumentException($"The statement has no parameter @{parameterNames[i]}.", nameof(parameterNames));
            }
        }

        if (raw.sqlite3_bind_parameter_count(_statement) != _positions.Distinct().Count())
        {
            _statement.Dispose();
            throw new ArgumentException("The statement has parameters the names do not list.", nameof(parameterNames));
        }
    }

    public override void Bind(int index, object? value)
    {
        var position = _positions[index];
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, position),
            string text => raw.sqlite3_bind_text(_statement, position, text),
            long number => raw.sqlite3_bind_int64(_statement, position, number),
            int number => raw.sqlite3_bind_int64(_statement, position, number),
            bool flag => raw.sqlite3_bind_int64(_statement, position, flag ? 1 : 0),
            byte[] bytes => raw.sqlite3_bind_blob(_statement, position, bytes),
            double real => raw.sqlite3_bind_double(_statement, position, real),
            _ => throw new NotSupportedException($"A batch statement binds no {value.GetType().Name}; convert it first."),
        };
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public override Task<int> ExecuteAsync(CancellationToken ct)
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }

            Check(rc);
            return Task.FromResult(raw.sqlite3_changes(_db));
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public override async Task<object?> ScalarAsync(CancellationToken ct) => await FirstRowAsync(ct) is [var first, ..] ? first : null;

    public override Task<object?[]?> FirstRowAsync(CancellationToken ct)
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_ROW)
            {
                Check(rc);
                return Task.FromResult<object?[]?>(null);
            }

            var row = new object?[raw.sqlite3_column_count(_statement)];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = raw.sqlite3_column_type(_statement, i) switch
                {
                    raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, i),
                    raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, i),
                    raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, i).utf8_to_string(),
                    raw.SQLITE_BLOB => raw.sqlite3_column_blob(_statement, i).ToArray(),
                    _ => null,
                };
            }

            return Task.FromResult<object?[]?>(row);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public override void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}

using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>A <see cref="BatchStatement"/> over a plain ADO.NET command with one '@name' parameter per name (PostgreSQL:
/// Npgsql prepares a statement it sees repeatedly on a connection by itself, see <see cref="PostgresDialect"/>).</summary>
public sealed class CommandBatchStatement : BatchStatement
{
    private readonly DbCommand _command;

    public CommandBatchStatement(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameterNames)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _command.Transaction = transaction;
        foreach (var name in parameterNames)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + name;
            _command.Parameters.Add(parameter);
        }
    }

    public override void Bind(int index, object? value) => _command.Parameters[index].Value = value ?? DBNull.Value;

    public override Task<int> ExecuteAsync(CancellationToken ct) => _command.ExecuteNonQueryAsync(ct);

    public override async Task<object?> ScalarAsync(CancellationToken ct) => await _command.ExecuteScalarAsync(ct) is { } value and not DBNull ? value : null;

    public override async Task<object?[]?> FirstRowAsync(CancellationToken ct)
    {
        await using var reader = await _command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }

    public override void Dispose() => _command.Dispose();
}

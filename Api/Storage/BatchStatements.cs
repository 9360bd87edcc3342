using System.Data.Common;

namespace EventScheduler.Api.Storage;

/// <summary>Commands prepared once and reused for a whole writer batch. Dapper builds (and SQLite parses and
/// plans) a new statement on every call; on the writer's thread that was a third of a sign-up's cost. Here each
/// SQL text is prepared on first use and only re-bound afterwards. Parameters are named with their '@' prefix, so
/// binding finds them at once. Plain <see cref="DbCommand"/>s: the same code serves any ADO.NET provider.
/// <paramref name="prepare"/> is the dialect's <see cref="SqlDialect.PreparesBatchStatements"/>: SQLite's fast path;
/// Npgsql prepares repeated statements itself (Max Auto Prepare) and would fix parameter types at an explicit prepare
/// from values not yet bound.</summary>
public sealed class BatchStatements(DbConnection connection, DbTransaction transaction, bool prepare = true) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The prepared command for <paramref name="sql"/>, with one parameter per name (in this order) whose
    /// values the caller sets through <see cref="Bind"/> before executing it.</summary>
    public DbCommand Get(string sql, IReadOnlyList<string> parameterNames)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        if (prepare)
        {
            command.Prepare();
        }

        _commands[sql] = command;
        return command;
    }

    /// <summary>Sets the parameter at <paramref name="index"/> (null as SQL NULL).</summary>
    public static void Bind(DbCommand command, int index, object? value) => command.Parameters[index].Value = value ?? DBNull.Value;

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}

namespace EventScheduler.Api.Storage;

/// <summary>One statement of a writer batch, prepared once (<see cref="BatchStatements"/>) and then only bound and run,
/// its parameters bound by position in the order of the names it was prepared with. Each provider runs it its own
/// fastest way (<see cref="SqlDialect.PrepareBatchStatement"/>).</summary>
public abstract class BatchStatement : IDisposable
{
    /// <summary>Sets parameter <paramref name="index"/> (a string, an integer, a boolean, bytes, or null as SQL NULL).</summary>
    public abstract void Bind(int index, object? value);

    /// <summary>Sets every parameter, in order.</summary>
    public void BindAll(params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Bind(i, values[i]);
        }
    }

    /// <summary>Runs the statement; the number of rows it changed.</summary>
    public abstract Task<int> ExecuteAsync(CancellationToken ct);

    /// <summary>Runs the statement; the first column of its first row, or null when it returns no row.</summary>
    public abstract Task<object?> ScalarAsync(CancellationToken ct);

    /// <summary>Runs the statement; its first row's columns (integers as <see cref="long"/>, text as <see cref="string"/>,
    /// bytes as <see cref="byte"/>[], NULL as null), or null when it returns no row.</summary>
    public abstract Task<object?[]?> FirstRowAsync(CancellationToken ct);

    public abstract void Dispose();
}

using System.Numerics;

namespace ModelGen.Sources;

/// <summary>
/// One key's rows from a Parquet file of its own (a file per customer, per sensor …): the data source of a fleet of fits,
/// read whole per key into the arrays a generated model's constructor takes, which then checks them as it checks any
/// data. The file is read by <see cref="ParquetBatches{T}.ReadRows"/> (row group by row group, in file order), so its
/// columns, types and null checks are that reader's. Each <see cref="Read"/> opens its file and closes it, so one
/// instance serves any number of threads.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
/// <param name="pathOf">The Parquet file of a key, e.g. <c>key =&gt; Path.Combine(folder, key + ".parquet")</c>.</param>
/// <param name="inputColumns">The columns of the model's input, in the model's feature order.</param>
/// <param name="observedColumn">The column of the observations.</param>
public sealed class ParquetKeyFiles<T>(Func<string, string> pathOf, IReadOnlyList<string> inputColumns, string observedColumn)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Func<string, string> _pathOf = pathOf ?? throw new ArgumentNullException(nameof(pathOf));
    private readonly string[] _inputs = [.. inputColumns ?? throw new ArgumentNullException(nameof(inputColumns))];
    private readonly string _observed = string.IsNullOrEmpty(observedColumn) ? throw new ArgumentException("The observed column must be named.", nameof(observedColumn)) : observedColumn;

    /// <summary>
    /// <paramref name="key"/>'s rows, in file order: inputs (rows × features) and observations. A key with no file is a
    /// <see cref="FileNotFoundException"/> naming the key and the path; a missing column, an empty file or a null value
    /// is the Parquet reader's exception, naming the file, the column and the row; numbers are returned as they are (a
    /// non-finite one is the model constructor's to refuse, with its <c>ModelDataException</c>).
    /// </summary>
    public (T[,] X, T[] Y) Read(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string path = _pathOf(key);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Key '{key}' has no Parquet file at '{path}'.", path);
        }

        return ParquetBatches<T>.ReadRows(path, _inputs, _observed);
    }
}

using System.Numerics;
using ModelGen.Data;

namespace ModelGen.Sources;

/// <summary>
/// The rows of a sharded fit's shards from Parquet (the data source of <c>AddShardedModel</c> in ModelGen.Orleans): one
/// file per data set split by row ranges (<see cref="OneFile"/>: each shard reads its rows [start, end) of the file,
/// decoding only the row groups that hold them), or one file per shard (<see cref="FilePerShard"/>: each shard reads its
/// own file whole, which must hold exactly its rows). Read by <see cref="ParquetBatches{T}.ReadRows"/>, so columns, types
/// and null checks are that reader's, a null's row in the file's numbering. <see cref="Bind{TModel}"/> binds the rows with
/// the model's constructor and names the file and the row in it when the constructor refuses them. Each call opens its
/// file and closes it, so one instance serves any number of shards and threads.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class ParquetShards<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Func<string, int, string> _pathOf;
    private readonly bool _perShard;
    private readonly string[] _inputs;
    private readonly string _observed;

    private ParquetShards(Func<string, int, string> pathOf, bool perShard, IReadOnlyList<string> inputColumns, string observedColumn)
    {
        ArgumentNullException.ThrowIfNull(inputColumns);
        ArgumentException.ThrowIfNullOrEmpty(observedColumn);
        _pathOf = pathOf;
        _perShard = perShard;
        _inputs = [.. inputColumns];
        _observed = observedColumn;
    }

    /// <summary>Every shard of a data set reads its rows from the data set's one file, by row range.</summary>
    /// <param name="pathOf">The data set's Parquet file, e.g. <c>set =&gt; Path.Combine(folder, set + ".parquet")</c>.</param>
    /// <param name="inputColumns">The columns of the model's input, in the model's feature order.</param>
    /// <param name="observedColumn">The column of the observations.</param>
    public static ParquetShards<T> OneFile(Func<string, string> pathOf, IReadOnlyList<string> inputColumns, string observedColumn)
    {
        ArgumentNullException.ThrowIfNull(pathOf);
        return new ParquetShards<T>((dataSet, _) => pathOf(dataSet), perShard: false, inputColumns, observedColumn);
    }

    /// <summary>Each shard of a data set reads a file of its own, whole; the file holds exactly the shard's rows, in order.</summary>
    /// <param name="pathOf">Shard <c>index</c>'s file of a data set, e.g. <c>(set, index) =&gt; Path.Combine(folder, $"{set}-{index}.parquet")</c>.</param>
    /// <param name="inputColumns">The columns of the model's input, in the model's feature order.</param>
    /// <param name="observedColumn">The column of the observations.</param>
    public static ParquetShards<T> FilePerShard(Func<string, int, string> pathOf, IReadOnlyList<string> inputColumns, string observedColumn)
    {
        ArgumentNullException.ThrowIfNull(pathOf);
        return new ParquetShards<T>(pathOf, perShard: true, inputColumns, observedColumn);
    }

    /// <summary>
    /// Rows [<paramref name="start"/>, <paramref name="end"/>) of data set <paramref name="dataSet"/>, held by shard
    /// <paramref name="shard"/>: inputs (rows × features) and observations, in file order, as they are (a non-finite
    /// number is the model constructor's to refuse).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing; the message names the data set, the shard and the path.</exception>
    /// <exception cref="ArgumentException">A column is missing; the data set's file has fewer rows than <paramref name="end"/>; a shard's own file holds another number of rows than the shard.</exception>
    /// <exception cref="InvalidDataException">A null value; the message names the file, the column and the row.</exception>
    public (T[,] X, T[] Y) Read(string dataSet, int shard, int start, int end)
    {
        string path = PathOf(dataSet, shard, start, end);
        if (!_perShard)
        {
            return ParquetBatches<T>.ReadRows(path, _inputs, _observed, start, end);
        }

        (T[,] x, T[] y) = ParquetBatches<T>.ReadRows(path, _inputs, _observed);
        if (y.Length != end - start)
        {
            throw new ArgumentException($"Parquet file '{path}' of data set '{dataSet}' holds {y.Length} rows; its shard {shard} holds rows {start}–{end - 1} ({end - start} rows).", nameof(end));
        }

        return (x, y);
    }

    /// <summary>
    /// The rows of <see cref="Read"/>, bound by <paramref name="bind"/> (the generated constructor, which checks them:
    /// <c>(x, y) =&gt; new M(x, y)</c>). When it refuses them (a <see cref="ModelDataException"/>), the exception is
    /// thrown again with the file and the row in the file before its message, its element, row (the shard's) and column kept.
    /// </summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <exception cref="ModelDataException">The rows do not fit the model: "Parquet file '…', row 13000: Input 'X' has …".</exception>
    public TModel Bind<TModel>(string dataSet, int shard, int start, int end, Func<T[,], T[], TModel> bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        (T[,] x, T[] y) = Read(dataSet, shard, start, end);
        try
        {
            return bind(x, y);
        }
        catch (ModelDataException e)
        {
            string path = PathOf(dataSet, shard, start, end);
            string where = e.Row >= 0 ? $"Parquet file '{path}', row {(_perShard ? e.Row : start + e.Row)}" : $"Parquet file '{path}'{(_perShard ? string.Empty : $", rows {start}–{end - 1}")}";
            // The message without the " (Parameter 'x')" the exception adds to it, which the new one adds again.
            string message = e.ParamName is { } name && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal) ? e.Message[..^($" (Parameter '{name}')".Length)] : e.Message;
            throw new ModelDataException($"{where}: {message}", e.Element, e.Row, e.Column, e.ParamName);
        }
    }

    private string PathOf(string dataSet, int shard, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start + 1);
        string path = _pathOf(dataSet, shard);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Shard {shard} of data set '{dataSet}' has no Parquet file at '{path}'.", path);
    }
}

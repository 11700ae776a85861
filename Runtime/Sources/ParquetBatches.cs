using System.Globalization;
using System.Numerics;
using ModelGen.Batches;
using Parquet;
using Parquet.Schema;

namespace ModelGen.Sources;

/// <summary>
/// Batches read from a Parquet file (Parquet.Net) row group by row group: the named columns of one row group
/// are decoded into buffers sized for the largest row group, and batches of <see cref="BatchSize"/> rows are
/// served from them, crossing into the next row group where one ends. An epoch reads the file once, front to
/// back; the last batch of an epoch holds the remainder, and the next epoch starts again at the first row
/// group. The batches are those of <see cref="InMemoryBatches{T}.Sequential"/> over the same rows in file
/// order, so the fits are identical.
/// </summary>
/// <remarks>
/// <para>
/// Memory: one row group's columns at a time, (features + 1) × the largest row group's rows values, plus what
/// Parquet.Net uses to decode one column chunk; write files with row groups sized to fit (for example 10⁴–10⁶
/// rows). A step copies from those buffers into the model's and allocates nothing. Moving to the next row group
/// does allocate: Parquet.Net's API is asynchronous and allocates its page and decompression buffers per column
/// chunk; the source waits for it there (synchronously: the fit loop is synchronous), once per row group, never
/// per step. A file of a single row group is decoded once, not once per epoch.
/// </para>
/// <para>
/// Columns are read by name from the top level of the schema and may hold float, double, int or long values
/// (converted to <typeparamref name="T"/>). A null in a nullable column stops the fit with an
/// <see cref="InvalidDataException"/> naming the file, the column and the row. Rows are read in file order, so
/// that order should carry no pattern (write it shuffled once). Not thread-safe: one fit reads one source.
/// </para>
/// </remarks>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class ParquetBatches<T> : IBatchSource<T>, IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParquetReader _reader;
    private readonly Column[] _columns;
    private readonly long[] _groupStart;
    private readonly EpochCursor<T> _cursor;
    private int _group = -1;
    private int _loadedGroup = -1;
    private int _groupRows;
    private int _offset;
    private long _position;
    private bool _disposed;

    private ParquetBatches(string path, ParquetReader reader, IReadOnlyList<string> inputColumns, string observedColumn, int batchSize, long epochs, long? totalRows)
    {
        _reader = reader;
        Path = path;
        BatchSize = batchSize;
        Features = inputColumns.Count;
        _cursor = new EpochCursor<T>(epochs, batchSize, Restart, Fill);

        // Row groups: where each starts (for messages) and the largest, which sizes the buffers.
        int groups = reader.RowGroupCount;
        _groupStart = new long[groups + 1];
        long largest = 0;
        for (int g = 0; g < groups; g++)
        {
            long rows = reader.RowGroups[g].RowCount;
            _groupStart[g + 1] = _groupStart[g] + rows;
            largest = Math.Max(largest, rows);
        }

        if (largest > Array.MaxLength / 2)
        {
            throw new ArgumentException($"Parquet file '{path}' has a row group of {largest} rows; a Parquet source holds one row group in memory, so write the file with smaller row groups.", nameof(path));
        }

        long fileRows = reader.Metadata?.NumRows ?? _groupStart[groups];
        if (totalRows is null && fileRows < 1)
        {
            throw new ArgumentException($"Parquet file '{path}' has no rows; a fit needs at least one.", nameof(path));
        }

        TotalRows = totalRows ?? fileRows;

        DataField[] available = [.. reader.Schema.Fields.OfType<DataField>()];
        _columns = new Column[Features + 1];
        for (int i = 0; i <= Features; i++)
        {
            bool observed = i == Features;
            string name = observed ? observedColumn : inputColumns[i];
            DataField? field = Array.Find(available, f => f.Name == name)
                ?? Array.Find(available, f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                throw new ArgumentException(
                    $"Parquet file '{path}' has no column '{name}' (named as the {(observed ? "observed" : "input")} column); its top-level columns are: {string.Join(", ", available.Select(f => f.Name))}.",
                    observed ? nameof(observedColumn) : nameof(inputColumns));
            }

            _columns[i] = CreateColumn(field, (int)largest, path, observed ? nameof(observedColumn) : nameof(inputColumns));
        }

        var file = new FileInfo(path);
        Identity = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Parquet file '{file.FullName}' ({file.Length} bytes, written {file.LastWriteTimeUtc:yyyy-MM-ddTHH:mm:ss.fffffffZ}), columns {string.Join(", ", inputColumns)} → {observedColumn}, {epochs} epoch(s)");
    }

    /// <summary>
    /// Opens the Parquet file at <paramref name="path"/>: reads its footer (schema and row groups) and checks the
    /// columns now; row groups are decoded as the fit reaches them.
    /// </summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="inputColumns">The columns of the model's input, in the model's feature order.</param>
    /// <param name="observedColumn">The column of the observations.</param>
    /// <param name="batchSize">Rows per batch (an epoch's last batch holds the remainder).</param>
    /// <param name="epochs">Passes over the file before the source is exhausted; default: never exhausted.</param>
    /// <param name="totalRows">
    /// Rows in the whole data set (the N of the likelihood's N / b scale); null (the default) takes the row count
    /// from the file's metadata. Give it when the file is one part of a larger data set the fit stands for.
    /// </param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">
    /// A column is missing, nested, repeated or not of a numeric type; the file has no rows (and no
    /// <paramref name="totalRows"/> is given); or a size is below 1.
    /// </exception>
    public static ParquetBatches<T> Open(string path, IReadOnlyList<string> inputColumns, string observedColumn, int batchSize, long epochs = long.MaxValue, long? totalRows = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(inputColumns);
        ArgumentException.ThrowIfNullOrEmpty(observedColumn);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (inputColumns.Count == 0)
        {
            throw new ArgumentException("Name at least one input column.", nameof(inputColumns));
        }

        if (totalRows is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(totalRows), totalRows, "The total rows (the N of the N / b likelihood scale) must be at least 1; pass null to take the file's row count.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No Parquet file at '{path}'.", path);
        }

        ParquetReader reader;
        using (Blocking.WithoutContext())
        {
            reader = Blocking.Wait(ParquetReader.CreateAsync(path, ParquetBatches.ReadOptions));
        }

        try
        {
            return new ParquetBatches<T>(path, reader, inputColumns, observedColumn, batchSize, epochs, totalRows);
        }
        catch
        {
            DisposeReader(reader);
            throw;
        }
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>
    /// "Parquet file '/data/train.parquet' (1234567 bytes, written 2026-12-07T06:00:00Z), columns x0, x1 → y": the file,
    /// its size and last write when opened, and the columns read, for checkpoints (a file rewritten with other rows
    /// changes its size or time).
    /// </summary>
    public string Identity { get; private set; } = string.Empty;

    /// <summary>Row groups in the file.</summary>
    public int RowGroups => _reader.RowGroupCount;

    /// <inheritdoc/>
    public long TotalRows { get; }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int Features { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">A null value; the message names the file, the column and the row.</exception>
    public int Next(BatchBuffer<T> batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Capacity < BatchSize || batch.Features != Features)
        {
            throw new ArgumentException($"The batch buffer holds {batch.Capacity} rows of {batch.Features} feature(s); this source gives up to {BatchSize} rows of {Features}.", nameof(batch));
        }

        return _cursor.Next(batch);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DisposeReader(_reader);
    }

    private static void DisposeReader(ParquetReader reader)
    {
        using (Blocking.WithoutContext())
        {
            Blocking.Wait(reader.DisposeAsync());
        }
    }

    private void Restart()
    {
        _group = -1;
        _groupRows = 0;
        _offset = 0;
        _position = 0;
    }

    /// <summary>Copies up to a batch of rows, moving through row groups as they run out; returns the rows copied.</summary>
    private int Fill(BatchBuffer<T> batch)
    {
        int rows = 0;
        while (rows < BatchSize)
        {
            if (_offset == _groupRows && !NextGroup())
            {
                break;
            }

            int take = Math.Min(BatchSize - rows, _groupRows - _offset);
            for (int f = 0; f < Features; f++)
            {
                _columns[f].Values.AsSpan(_offset, take).CopyTo(batch.Column(f)[rows..]);
            }

            _columns[Features].Values.AsSpan(_offset, take).CopyTo(batch.Targets[rows..]);
            _offset += take;
            rows += take;
        }

        batch.FirstRow = _position;
        _position += rows;
        return rows;
    }

    /// <summary>Decodes the next non-empty row group's columns (the only place the source waits on Parquet.Net); false at the end of the file.</summary>
    private bool NextGroup()
    {
        while (++_group < _reader.RowGroupCount)
        {
            int rows = (int)(_groupStart[_group + 1] - _groupStart[_group]);
            if (rows == 0)
            {
                continue;
            }

            Load(_group);
            _groupRows = rows;
            _offset = 0;
            return true;
        }

        _groupRows = 0;
        _offset = 0;
        return false;
    }

    /// <summary>Decodes row group <paramref name="group"/>'s columns into the buffers, unless they hold it already.</summary>
    private void Load(int group)
    {
        if (group == _loadedGroup)
        {
            return;
        }

        _loadedGroup = -1;
        int rows = (int)(_groupStart[group + 1] - _groupStart[group]);
        using (Blocking.WithoutContext())
        {
            using ParquetRowGroupReader reader = _reader.OpenRowGroupReader(group);
            foreach (Column column in _columns)
            {
                column.Load(reader, rows, _groupStart[group], group);
            }
        }

        _loadedGroup = group;
    }

    /// <summary>
    /// Rows [<paramref name="start"/>, <paramref name="end"/>) of the Parquet file at <paramref name="path"/>, in file
    /// order: inputs (rows × features) and observations, decoding only the row groups that hold them (one at a time).
    /// <paramref name="end"/> null reads to the file's last row. The file, its columns and a null value are checked as
    /// <see cref="Open"/> and <see cref="Next"/> check them, with a null's row in the file's numbering.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">A column is missing or unreadable, or the file has fewer rows than <paramref name="end"/>.</exception>
    /// <exception cref="InvalidDataException">A null value; the message names the file, the column and the row.</exception>
    public static (T[,] X, T[] Y) ReadRows(string path, IReadOnlyList<string> inputColumns, string observedColumn, long start = 0, long? end = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);

        // Called from a grain's turn (a shard's bind), the reads run on the thread pool (Blocking.OnDefaultScheduler).
        return Blocking.OnDefaultScheduler(() => Read(path, inputColumns, observedColumn, start, end));
    }

    private static (T[,] X, T[] Y) Read(string path, IReadOnlyList<string> inputColumns, string observedColumn, long start, long? end)
    {
        using ParquetBatches<T> file = Open(path, inputColumns, observedColumn, batchSize: 1, epochs: 1);
        long fileRows = file._groupStart[^1];
        long last = end ?? fileRows;
        if (last < start || last > fileRows)
        {
            throw new ArgumentException($"Parquet file '{path}' has {fileRows} rows; rows {start}–{last - 1} were asked for.", nameof(end));
        }

        var x = new T[last - start, file.Features];
        var y = new T[last - start];
        for (int g = 0; g < file._reader.RowGroupCount && file._groupStart[g] < last; g++)
        {
            long from = Math.Max(start, file._groupStart[g]);
            long to = Math.Min(last, file._groupStart[g + 1]);
            if (from >= to)
            {
                continue;
            }

            file.Load(g);
            int offset = (int)(from - file._groupStart[g]);
            int rows = (int)(to - from);
            for (int f = 0; f < file.Features; f++)
            {
                T[] column = file._columns[f].Values;
                for (int r = 0; r < rows; r++)
                {
                    x[from - start + r, f] = column[offset + r];
                }
            }

            file._columns[file.Features].Values.AsSpan(offset, rows).CopyTo(y.AsSpan((int)(from - start)));
        }

        return (x, y);
    }

    private static Column CreateColumn(DataField field, int capacity, string path, string parameter)
    {
        if (field.IsArray)
        {
            throw new ArgumentException($"Column '{field.Name}' of Parquet file '{path}' is a list; a Parquet source reads one number per row.", parameter);
        }

        Type type = field.ClrType;
        return type == typeof(float) ? new Column<float>(field, capacity, path)
            : type == typeof(double) ? new Column<double>(field, capacity, path)
            : type == typeof(int) ? new Column<int>(field, capacity, path)
            : type == typeof(long) ? new Column<long>(field, capacity, path)
            : throw new ArgumentException($"Column '{field.Name}' of Parquet file '{path}' holds {Describe(type)} values; a Parquet source reads float, double, int or long columns.", parameter);
    }

    private static string Describe(Type type) =>
        type == typeof(string) || type == typeof(ReadOnlyMemory<char>) ? "string"
        : type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) ? "binary"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GenericTypeArguments.Select(Describe))}>"
        : type.Name;

    /// <summary>One column's values for the row group in memory, as <typeparamref name="T"/>.</summary>
    private abstract class Column(DataField field, int capacity, string path)
    {
        public T[] Values { get; } = new T[capacity];

        protected DataField Field { get; } = field;

        protected string FilePath { get; } = path;

        /// <summary>Decodes <paramref name="rows"/> rows of this column from <paramref name="group"/> into <see cref="Values"/>.</summary>
        public abstract void Load(ParquetRowGroupReader group, int rows, long firstRow, int groupIndex);

        protected InvalidDataException Null(long row, int groupIndex) => new(
            $"Parquet file '{FilePath}', column '{Field.Name}', row {row.ToString(CultureInfo.InvariantCulture)} (row group {groupIndex}): null; every input and observed value must be a number, so remove or impute the row.");
    }

    /// <summary>A column stored as <typeparamref name="TSource"/>: decoded in place when it is <typeparamref name="T"/>, else through a staging buffer.</summary>
    private sealed class Column<TSource>(DataField field, int capacity, string path) : Column(field, capacity, path)
        where TSource : struct, INumberBase<TSource>
    {
        private readonly TSource[]? _staging = typeof(TSource) == typeof(T) || field.IsNullable ? null : new TSource[capacity];
        private readonly TSource?[]? _nullable = field.IsNullable ? new TSource?[capacity] : null;

        public override void Load(ParquetRowGroupReader group, int rows, long firstRow, int groupIndex)
        {
            if (_nullable is not null)
            {
                Blocking.Wait(group.ReadAsync<TSource>(Field, _nullable.AsMemory(0, rows), null));
                for (int r = 0; r < rows; r++)
                {
                    TSource? value = _nullable[r];
                    if (value is null)
                    {
                        throw Null(firstRow + r, groupIndex);
                    }

                    Values[r] = T.CreateChecked(value.Value);
                }
            }
            else if (_staging is null)
            {
                // Stored as T already: decode straight into the values.
                Blocking.Wait(group.ReadAsync<TSource>(Field, ((TSource[])(object)Values).AsMemory(0, rows), null));
            }
            else
            {
                Blocking.Wait(group.ReadAsync<TSource>(Field, _staging.AsMemory(0, rows), null));
                for (int r = 0; r < rows; r++)
                {
                    Values[r] = T.CreateChecked(_staging[r]);
                }
            }
        }
    }
}

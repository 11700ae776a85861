using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelGen.Data;

namespace ModelGen.Batches;

/// <summary>
/// Batches drawn from arrays held in memory: with replacement (the seed notebook's
/// <c>create_minibatch</c>), as shuffled epochs without replacement, or in the rows' given order
/// (<see cref="Sequential"/>). The arrays are checked and copied feature-major once; each batch is a
/// gather into the model's buffers, with no allocation.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class InMemoryBatches<T> : IBatchSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly FeatureMajor<T> _x;
    private readonly T[] _y;
    private readonly BatchOrder _order;
    private string? _identity;

    private InMemoryBatches(T[,] x, T[] y, Func<int, BatchOrder> order)
    {
        _x = FeatureMajor<T>.FromRows(x, x?.GetLength(1) ?? 0, "x", nameof(x));
        if (y is null || y.Length != _x.Rows)
        {
            throw new ModelDataException($"The observations have {y?.Length ?? 0} value(s) but the inputs have {_x.Rows} row(s); pass one observation per row.", "y", paramName: nameof(y));
        }

        for (int r = 0; r < y.Length; r++)
        {
            if (!T.IsFinite(y[r]))
            {
                throw new ModelDataException($"The observations have a non-finite value ({y[r]}) at row {r}.", "y", r, paramName: nameof(y));
            }
        }

        _y = (T[])y.Clone();
        _order = order(_x.Rows);
    }

    /// <summary>
    /// Batches of <paramref name="batchSize"/> rows drawn uniformly with replacement, forever, from a
    /// seeded stream: the notebook's <c>create_minibatch</c>.
    /// </summary>
    public static InMemoryBatches<T> WithReplacement(T[,] x, T[] y, int batchSize, ulong seed) => new(x, y, rows => BatchOrder.WithReplacement(rows, batchSize, seed));

    /// <summary>
    /// Shuffled epochs: each epoch visits every row once in a fresh seeded order, in batches of
    /// <paramref name="batchSize"/>; an epoch's last batch holds the remainder. Stops after
    /// <paramref name="epochs"/> epochs (default: never).
    /// </summary>
    public static InMemoryBatches<T> Epochs(T[,] x, T[] y, int batchSize, ulong seed, long epochs = long.MaxValue)
        => new(x, y, rows => BatchOrder.Epochs(rows, batchSize, seed, epochs));

    /// <summary>
    /// The rows in their given order, in batches of <paramref name="batchSize"/>; each epoch starts again at
    /// row 0 and its last batch holds the remainder. This is what reading a table or file front to back gives
    /// (<c>ModelGen.Sources</c>' SQLite and Parquet sources), so a fit from those can be compared with this one
    /// exactly. Stops after <paramref name="epochs"/> epochs (default: never). Use it on data whose order carries
    /// no pattern (shuffled once); sorted rows make every batch a biased sample.
    /// </summary>
    public static InMemoryBatches<T> Sequential(T[,] x, T[] y, int batchSize, long epochs = long.MaxValue)
        => new(x, y, rows => BatchOrder.Sequential(rows, batchSize, epochs));

    /// <inheritdoc/>
    public long TotalRows => _x.Rows;

    /// <summary>"in memory, …: 1000 rows of 2 feature(s), hash …": how batches are drawn (and from which seed), and the rows.</summary>
    public string Identity => _identity ??= string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"in memory, {_order.Description}: {DataFingerprint.Describe(_x.Rows, _x.Features, DataFingerprint.Hash(_x, _y))}");

    /// <inheritdoc/>
    public int BatchSize => _order.BatchSize;

    /// <inheritdoc/>
    public int Features => _x.Features;

    /// <inheritdoc/>
    public int Next(BatchBuffer<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Capacity < BatchSize || batch.Features != Features)
        {
            throw new ArgumentException($"The batch buffer holds {batch.Capacity} rows of {batch.Features} feature(s); this source gives up to {BatchSize} rows of {Features}.", nameof(batch));
        }

        ReadOnlySpan<int> rows = _order.Next(out long firstRow);
        if (rows.IsEmpty)
        {
            return 0;
        }

        Gather(batch, rows);
        batch.FirstRow = firstRow;
        return rows.Length;
    }

    // Column by column (the storage is feature-major), so each inner loop reads one column and writes one. No bounds
    // checks: every source index is below _x.Rows (drawn so, or a permutation of the rows), and Next checked that
    // the buffer holds BatchSize ≥ sources.Length rows of Features columns.
    private void Gather(BatchBuffer<T> batch, ReadOnlySpan<int> sources)
    {
        ref int index = ref MemoryMarshal.GetReference(sources);
        nint count = sources.Length;
        if (_x.Features == 2)
        {
            // Two input columns (points in the plane, the seed model's case): one pass reading each index once.
            GatherTwoColumns(batch, ref index, count);
            return;
        }

        for (int f = 0; f < _x.Features; f++)
        {
            ref T column = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_x.Values), f * (nint)_x.Stride);
            ref T target = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(batch.Inputs.Values), f * (nint)batch.Inputs.Stride);
            for (nint r = 0; r < count; r++)
            {
                Unsafe.Add(ref target, r) = Unsafe.Add(ref column, Unsafe.Add(ref index, r));
            }
        }

        ref T y = ref MemoryMarshal.GetArrayDataReference(_y);
        ref T targets = ref MemoryMarshal.GetReference(batch.Targets);
        for (nint r = 0; r < count; r++)
        {
            Unsafe.Add(ref targets, r) = Unsafe.Add(ref y, Unsafe.Add(ref index, r));
        }
    }

    private void GatherTwoColumns(BatchBuffer<T> batch, ref int index, nint count)
    {
        ref T x0 = ref MemoryMarshal.GetArrayDataReference(_x.Values);
        ref T x1 = ref Unsafe.Add(ref x0, _x.Stride);
        ref T y = ref MemoryMarshal.GetArrayDataReference(_y);
        ref T t0 = ref MemoryMarshal.GetArrayDataReference(batch.Inputs.Values);
        ref T t1 = ref Unsafe.Add(ref t0, batch.Inputs.Stride);
        ref T ty = ref MemoryMarshal.GetReference(batch.Targets);
        for (nint r = 0; r < count; r++)
        {
            nint row = Unsafe.Add(ref index, r);
            Unsafe.Add(ref t0, r) = Unsafe.Add(ref x0, row);
            Unsafe.Add(ref t1, r) = Unsafe.Add(ref x1, row);
            Unsafe.Add(ref ty, r) = Unsafe.Add(ref y, row);
        }
    }
}

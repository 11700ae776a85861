using ModelGen.Random;

namespace ModelGen.Batches;

/// <summary>
/// Which rows of a data set of <see cref="Rows"/> rows each minibatch takes, in order: drawn with replacement, as
/// shuffled epochs without replacement, or in the rows' given order. The one place a batch's rows are chosen:
/// <see cref="InMemoryBatches{T}"/> gathers the rows it names from arrays in memory, a sharded fit (ModelGen.Orleans)
/// from the shards that hold them, so the same order gives the same batches, row for row, wherever the rows live.
/// </summary>
public sealed class BatchOrder
{
    private readonly int[] _order;
    private readonly int[] _drawn;
    private readonly bool _replacement;
    private readonly bool _shuffle;
    private readonly long _epochs;
    private readonly ulong _seed;
    private Rng _rng;
    private int _position;
    private long _epoch;

    private BatchOrder(int rows, int batchSize, ulong seed, bool replacement, long epochs, bool shuffle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, rows, nameof(batchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        Rows = rows;
        BatchSize = batchSize;
        _replacement = replacement;
        _shuffle = shuffle;
        _epochs = epochs;
        _seed = seed;
        _rng = new Rng(seed);
        _order = new int[rows];
        _drawn = replacement ? new int[batchSize] : [];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        if (!replacement && shuffle)
        {
            Shuffle();
        }
    }

    /// <summary>
    /// Batches of <paramref name="batchSize"/> rows drawn uniformly with replacement from <paramref name="rows"/>, forever,
    /// from a seeded stream: the seed notebook's <c>create_minibatch</c>.
    /// </summary>
    public static BatchOrder WithReplacement(int rows, int batchSize, ulong seed) => new(rows, batchSize, seed, replacement: true, long.MaxValue, shuffle: true);

    /// <summary>
    /// Shuffled epochs: each epoch visits every row once in a fresh seeded order (Fisher–Yates), in batches of
    /// <paramref name="batchSize"/>; an epoch's last batch holds the remainder. Stops after <paramref name="epochs"/> epochs.
    /// </summary>
    public static BatchOrder Epochs(int rows, int batchSize, ulong seed, long epochs = long.MaxValue) => new(rows, batchSize, seed, replacement: false, epochs, shuffle: true);

    /// <summary>The rows in their given order, in batches of <paramref name="batchSize"/>; each epoch starts again at row 0 and its last batch holds the remainder.</summary>
    public static BatchOrder Sequential(int rows, int batchSize, long epochs = long.MaxValue) => new(rows, batchSize, 0, replacement: false, epochs, shuffle: false);

    /// <summary>Rows in the whole data set.</summary>
    public int Rows { get; }

    /// <summary>The most rows one batch holds.</summary>
    public int BatchSize { get; }

    /// <summary>"drawn with replacement (seed 7)", "shuffled epochs (seed 7, 3 epochs)", "in order (1 epochs)": for sources' identities.</summary>
    public string Description => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{(_replacement ? $"drawn with replacement (seed {_seed})" : _shuffle ? $"shuffled epochs (seed {_seed}, {_epochs} epochs)" : $"in order ({_epochs} epochs)")}");

    /// <summary>
    /// The next batch's rows, in the batch's order (valid until the next call); empty when the last epoch is done.
    /// <paramref name="firstRow"/> is the batch's first row when its rows are consecutive (in order), else -1.
    /// </summary>
    public ReadOnlySpan<int> Next(out long firstRow)
    {
        if (_replacement)
        {
            _rng.FillIndices(_drawn, Rows);
            firstRow = -1;
            return _drawn;
        }

        if (_position == _order.Length)
        {
            if (++_epoch >= _epochs)
            {
                firstRow = -1;
                return [];
            }

            if (_shuffle)
            {
                Shuffle();
            }

            _position = 0;
        }

        int rows = Math.Min(BatchSize, _order.Length - _position);
        ReadOnlySpan<int> batch = _order.AsSpan(_position, rows);
        firstRow = _shuffle ? -1 : _position;
        _position += rows;
        return batch;
    }

    private void Shuffle()
    {
        // Fisher–Yates with the seeded stream: the same seed gives the same epochs.
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = _rng.NextInt(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }
}

using System.Numerics;

namespace ModelGen.Batches;

/// <summary>
/// Batches from a stream the caller supplies: a callback that fills the model's buffer in place, or a
/// sequence of <c>(X, Y)</c> arrays, synchronous or asynchronous. The data need not fit in memory: the
/// source holds one batch at a time (the callback form holds none of its own). The caller states the size
/// of the whole data set (<c>totalRows</c>), which the fit needs for the N / b likelihood scale and which a
/// stream cannot count.
/// </summary>
/// <remarks>
/// <para>
/// Every batch is checked before it is used: at most <see cref="BatchSize"/> rows, <see cref="Features"/>
/// columns, as many observations as input rows. A batch that fails is reported with an
/// <see cref="ArgumentException"/> naming the batch's index (0-based, counted from the first batch this
/// source served) and what was expected. The model then checks every value (finite inputs, observations in the
/// likelihood's support).
/// </para>
/// <para>
/// When the stream ends, <see cref="Next"/> returns 0 from then on: a fit that asked for more iterations stops
/// with <c>StopReason.DataExhausted</c> and keeps what it reached; a stream that ends before its first batch
/// makes the fit throw. The source reads the stream once: it does not restart it. Epochs are the stream's
/// business (an iterator that loops, a callback that rewinds).
/// </para>
/// <para>
/// The fit loop is synchronous, so the asynchronous form waits for each <c>MoveNextAsync</c> that does not
/// complete at once (blocking the fitting thread; it never blocks when the next batch is ready). It starts each
/// <c>MoveNextAsync</c> with no synchronization context, so the iterator's continuations run on the thread
/// pool and a wait on a UI thread cannot deadlock.
/// </para>
/// </remarks>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class StreamBatches<T> : IBatchSource<T>, IDisposable, IAsyncDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Func<BatchBuffer<T>, int>? _fill;
    private readonly IEnumerable<(T[,] X, T[] Y)>? _batches;
    private readonly IAsyncEnumerable<(T[,] X, T[] Y)>? _asyncBatches;
    private readonly CancellationToken _cancellationToken;
    private IEnumerator<(T[,] X, T[] Y)>? _enumerator;
    private IAsyncEnumerator<(T[,] X, T[] Y)>? _asyncEnumerator;
    private long _index;
    private long _rowsServed;
    private bool _ended;

    private StreamBatches(
        long totalRows,
        int batchSize,
        int features,
        Func<BatchBuffer<T>, int>? fill,
        IEnumerable<(T[,] X, T[] Y)>? batches,
        IAsyncEnumerable<(T[,] X, T[] Y)>? asyncBatches,
        CancellationToken cancellationToken)
    {
        // The total is the N of the N / b scale: a stream cannot count it, and a guess mis-scales the
        // likelihood silently, so it is required and checked here rather than at the first step.
        if (totalRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(totalRows), totalRows, $"A batch source needs the number of rows in the whole data set (the N of the N / b likelihood scale), at least 1; got {totalRows}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        TotalRows = totalRows;
        BatchSize = batchSize;
        Features = features;
        _fill = fill;
        _batches = batches;
        _asyncBatches = asyncBatches;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Batches written by <paramref name="fill"/> straight into the model's buffers: it writes rows
    /// [0, rows) of <see cref="BatchBuffer{T}.Column"/>(f) for each feature f and of
    /// <see cref="BatchBuffer{T}.Targets"/>, and returns rows (1 to <paramref name="batchSize"/>), or 0 when the
    /// data are exhausted. It may set <see cref="BatchBuffer{T}.FirstRow"/> for messages; the source resets it
    /// to -1 before each call. Nothing is copied or allocated by the source: the cheapest stream.
    /// </summary>
    /// <param name="fill">Fills one batch in place and returns its row count.</param>
    /// <param name="totalRows">Rows in the whole data set (N), at least 1.</param>
    /// <param name="batchSize">The most rows one call writes.</param>
    /// <param name="features">Input columns per row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalRows"/>, <paramref name="batchSize"/> or <paramref name="features"/> is below 1.</exception>
    public static StreamBatches<T> FromCallback(Func<BatchBuffer<T>, int> fill, long totalRows, int batchSize, int features)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return new StreamBatches<T>(totalRows, batchSize, features, fill, null, null, default);
    }

    /// <summary>
    /// Batches from a sequence of <c>(X, Y)</c> pairs, each X rows × <paramref name="features"/> (row-major, as
    /// the model's constructor takes) and Y one observation per row; each is copied into the model's buffers.
    /// The sequence is enumerated lazily, one batch per step, and disposed when it ends or the source is.
    /// </summary>
    /// <param name="batches">The batches, each of 1 to <paramref name="batchSize"/> rows.</param>
    /// <param name="totalRows">Rows in the whole data set (N), at least 1.</param>
    /// <param name="batchSize">The most rows one batch has.</param>
    /// <param name="features">Input columns per row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalRows"/>, <paramref name="batchSize"/> or <paramref name="features"/> is below 1.</exception>
    public static StreamBatches<T> FromBatches(IEnumerable<(T[,] X, T[] Y)> batches, long totalRows, int batchSize, int features)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return new StreamBatches<T>(totalRows, batchSize, features, null, batches, null, default);
    }

    /// <summary>
    /// Batches from an asynchronous sequence of <c>(X, Y)</c> pairs (a network or database reader), copied into
    /// the model's buffers like <see cref="FromBatches"/>. Each step consumes the next element's
    /// <see cref="ValueTask{TResult}"/>, blocking only when it has not completed synchronously.
    /// </summary>
    /// <param name="batches">The batches, each of 1 to <paramref name="batchSize"/> rows.</param>
    /// <param name="totalRows">Rows in the whole data set (N), at least 1.</param>
    /// <param name="batchSize">The most rows one batch has.</param>
    /// <param name="features">Input columns per row.</param>
    /// <param name="cancellationToken">Passed to the sequence's enumerator.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalRows"/>, <paramref name="batchSize"/> or <paramref name="features"/> is below 1.</exception>
    public static StreamBatches<T> FromAsyncBatches(IAsyncEnumerable<(T[,] X, T[] Y)> batches, long totalRows, int batchSize, int features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return new StreamBatches<T>(totalRows, batchSize, features, null, null, batches, cancellationToken);
    }

    /// <inheritdoc/>
    public long TotalRows { get; }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int Features { get; }

    /// <summary>
    /// What names the data this stream serves (a file and its version, a query and the day it ran): a stream cannot tell
    /// by itself, and a fit with a checkpoint needs it to check that it resumes on the same data. Null until set.
    /// </summary>
    public string? Identity { get; set; }

    /// <summary>Batches served so far.</summary>
    public long BatchesServed => _index;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A batch of the wrong shape; the message names its index.</exception>
    public int Next(BatchBuffer<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Capacity < BatchSize || batch.Features != Features)
        {
            throw new ArgumentException($"The batch buffer holds {batch.Capacity} rows of {batch.Features} feature(s); this source gives up to {BatchSize} rows of {Features}.", nameof(batch));
        }

        if (_ended)
        {
            return 0;
        }

        if (_fill is not null)
        {
            batch.FirstRow = -1;
            int rows = _fill(batch);
            if (rows == 0)
            {
                _ended = true;
                return 0;
            }

            if (rows < 0 || rows > BatchSize)
            {
                throw new ArgumentException($"Batch {_index}: the fill callback returned {rows} rows; it must return 1 to {BatchSize} (the batch size), or 0 when the data are exhausted.");
            }

            _index++;
            _rowsServed += rows;
            return rows;
        }

        (T[,] X, T[] Y) next;
        if (_batches is not null)
        {
            _enumerator ??= _batches.GetEnumerator();
            if (!_enumerator.MoveNext())
            {
                End();
                return 0;
            }

            next = _enumerator.Current;
        }
        else
        {
            _asyncEnumerator ??= _asyncBatches!.GetAsyncEnumerator(_cancellationToken);
            if (!MoveNext(_asyncEnumerator))
            {
                End();
                return 0;
            }

            next = _asyncEnumerator.Current;
        }

        return CopyIn(next.X, next.Y, batch);
    }

    /// <summary>Disposes the sequence's enumerator, if one is open.</summary>
    public void Dispose()
    {
        _ended = true;
        _enumerator?.Dispose();
        _enumerator = null;
        if (_asyncEnumerator is not null)
        {
            ValueTask pending = WithoutContext(static e => e.DisposeAsync(), _asyncEnumerator);
            _asyncEnumerator = null;
            if (!pending.IsCompleted)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
            else
            {
                pending.GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>Disposes the sequence's enumerator, if one is open.</summary>
    public async ValueTask DisposeAsync()
    {
        _ended = true;
        _enumerator?.Dispose();
        _enumerator = null;
        if (_asyncEnumerator is not null)
        {
            IAsyncEnumerator<(T[,] X, T[] Y)> e = _asyncEnumerator;
            _asyncEnumerator = null;
            await e.DisposeAsync().ConfigureAwait(false);
        }
    }

    private int CopyIn(T[,] x, T[] y, BatchBuffer<T> batch)
    {
        if (x is null || y is null)
        {
            throw new ArgumentException($"Batch {_index} has a null {(x is null ? "X" : "Y")}; each batch needs X ({typeof(T).Name}[rows, {Features}]) and Y ({typeof(T).Name}[rows]).");
        }

        int rows = x.GetLength(0);
        if (x.GetLength(1) != Features)
        {
            throw new ArgumentException($"Batch {_index} has X of {x.GetLength(1)} column(s); the source was created for {Features} feature(s).");
        }

        if (y.Length != rows)
        {
            throw new ArgumentException($"Batch {_index} has {rows} row(s) of X but {y.Length} value(s) of Y; they must be equal (one observation per row).");
        }

        if (rows == 0)
        {
            throw new ArgumentException($"Batch {_index} has no rows; a batch has 1 to {BatchSize} rows, and a stream ends by ending its sequence.");
        }

        if (rows > BatchSize)
        {
            throw new ArgumentException($"Batch {_index} has {rows} rows; the source was created for batches of at most {BatchSize} (batchSize).");
        }

        for (int f = 0; f < Features; f++)
        {
            Span<T> column = batch.Column(f);
            for (int r = 0; r < rows; r++)
            {
                column[r] = x[r, f];
            }
        }

        y.AsSpan().CopyTo(batch.Targets);
        batch.FirstRow = _rowsServed;
        _index++;
        _rowsServed += rows;
        return rows;
    }

    private void End()
    {
        _ended = true;
        _enumerator?.Dispose();
        _enumerator = null;
    }

    private static bool MoveNext(IAsyncEnumerator<(T[,] X, T[] Y)> enumerator)
    {
        ValueTask<bool> pending = WithoutContext(static e => e.MoveNextAsync(), enumerator);
        return pending.IsCompleted ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Starts an asynchronous operation with no synchronization context, so its continuations do not need the
    /// thread that will block on it.
    /// </summary>
    private static TResult WithoutContext<TResult>(Func<IAsyncEnumerator<(T[,] X, T[] Y)>, TResult> start, IAsyncEnumerator<(T[,] X, T[] Y)> enumerator)
    {
        SynchronizationContext? context = SynchronizationContext.Current;
        if (context is null)
        {
            return start(enumerator);
        }

        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return start(enumerator);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}

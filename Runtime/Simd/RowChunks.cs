using System.Runtime.ExceptionServices;

namespace ModelGen.Simd;

/// <summary>One chunk of a chunked evaluation; a generated model implements it over its bound rows.</summary>
public interface IRowChunkWork
{
    /// <summary>Evaluates chunk <paramref name="chunk"/>: rows [chunk · <see cref="RowChunks.ChunkRows"/>, …) into the chunk's own buffer.</summary>
    void Run(int chunk);
}

/// <summary>
/// The data-parallel gradient of large full batches. Rows are cut into fixed chunks of <see cref="ChunkRows"/>, each
/// chunk's gradient goes to its own buffer, and the caller sums the buffers in chunk order; which thread ran which
/// chunk does not enter the result, so it is the same bits for any thread count, one included. The threads are a small
/// pool of background workers started on first use and reused, so a step allocates nothing.
/// </summary>
/// <remarks>
/// Chunking starts at <see cref="MinimumRows"/> rows: below that a step takes tens of microseconds, and waking a
/// worker (a few microseconds) and summing the buffers would eat most of the gain. Above it, the chunking is automatic
/// for the gradient of a model's bound rows; more than one thread is opt-in, through the model's <c>MaxThreads</c>.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "One pool for the process's lifetime: its workers never stop, so its events are never released.")]
public sealed class RowChunks
{
    /// <summary>Rows per chunk: a multiple of 32 (a whole trip of the density kernel's loop, two 512-bit registers of float) and of the tiled kernels' 8-register blocks.</summary>
    public const int ChunkRows = 4096;

    /// <summary>Rows from which a full-batch gradient is chunked.</summary>
    public const int MinimumRows = 4 * ChunkRows;

    private readonly object _gate = new();
    private readonly Thread[] _workers;
    private readonly SemaphoreSlim _start = new(0);
    private readonly CountdownEvent _done = new(1);
    private IRowChunkWork? _work;
    private int _chunks;
    private int _next;
    private Exception? _error;
    private bool _started;

    private RowChunks(int workers)
    {
        _workers = new Thread[Math.Max(0, workers)];
    }

    /// <summary>The process's pool: one worker per processor beyond the caller's.</summary>
    public static RowChunks Shared { get; } = new(Environment.ProcessorCount - 1);

    /// <summary>
    /// destination += chunk 0 + chunk 1 + …, in that order: <paramref name="chunks"/> holds the chunks' buffers one after
    /// another, each as long as <paramref name="destination"/>. The fixed order is what makes the sum independent of threads.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="chunks"/> is not a whole number of buffers.</exception>
    public static void AddInOrder<T>(ReadOnlySpan<T> chunks, Span<T> destination)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int length = destination.Length;
        if (length == 0 ? !chunks.IsEmpty : chunks.Length % length != 0)
        {
            throw new ArgumentException($"The chunk buffers ({chunks.Length} values) are not a whole number of buffers of {length}.", nameof(chunks));
        }

        for (int at = 0; at < chunks.Length; at += length)
        {
            System.Numerics.Tensors.TensorPrimitives.Add<T>(destination, chunks.Slice(at, length), destination);
        }
    }

    /// <summary>
    /// <paramref name="start"/> + value 0 + value 1 + …, in that order: the chunks' log-likelihoods added after the priors,
    /// the value's counterpart of <see cref="AddInOrder{T}"/>.
    /// </summary>
    public static T SumInOrder<T>(T start, ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (T value in values)
        {
            start += value;
        }

        return start;
    }

    /// <summary>The chunks <paramref name="rows"/> rows make.</summary>
    public static int Count(int rows) => (rows + ChunkRows - 1) / ChunkRows;

    /// <summary>
    /// Runs chunks 0 … <paramref name="chunks"/> − 1 of <paramref name="work"/> on the calling thread and up to
    /// <paramref name="maxThreads"/> − 1 workers, and returns when all are done. One run at a time: a second caller
    /// waits. An exception in a chunk is rethrown here after the others finish.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxThreads"/> is below 1.</exception>
    public void Run(int chunks, IRowChunkWork work, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        lock (_gate)
        {
            int helpers = Math.Min(Math.Min(maxThreads, chunks) - 1, _workers.Length);
            if (helpers <= 0)
            {
                for (int k = 0; k < chunks; k++)
                {
                    work.Run(k);
                }

                return;
            }

            StartWorkers();
            (_work, _chunks, _next, _error) = (work, chunks, 0, null);
            _done.Reset(helpers);
            _start.Release(helpers);
            Drain();

            // Every chunk is taken. A helper not yet woken (its core busy elsewhere) has nothing left to do: take its
            // permit back and count it done, rather than wait for the scheduler to run it.
            for (int i = 0; i < helpers && _start.Wait(0); i++)
            {
                _done.Signal();
            }

            _done.Wait();
            _work = null;
            if (_error is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
    }

    private void StartWorkers()
    {
        if (_started)
        {
            return;
        }

        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = "ModelGen row chunks " + i };
            _workers[i].Start();
        }

        _started = true;
    }

    // Takes chunks until none are left; the order chunks are taken in does not matter (each has its own buffer).
    private void Drain()
    {
        IRowChunkWork work = _work!;
        int chunk;
        while ((chunk = Interlocked.Increment(ref _next) - 1) < _chunks)
        {
            try
            {
                work.Run(chunk);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
        }
    }

    private void Work()
    {
        while (true)
        {
            _start.Wait();
            Drain();
            _done.Signal();
        }
    }
}

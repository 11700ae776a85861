using System.Diagnostics;
using System.Numerics;
using System.Runtime.ExceptionServices;
using ModelGen.Random;

namespace ModelGen.Inference;

/// <summary>
/// One ELBO estimate of a fit, taken at iteration <see cref="Iteration"/>: its ε (drawn from the fit's stream on the fit's thread,
/// as the sequential fit draws them), the approximation it is taken at, and everything the fit needs to go back to that iteration
/// (<see cref="Advi"/> runs on past it while the estimate's log densities are computed, and returns there when the estimate stops
/// the fit or is not finite). Allocated once per fit and reused.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
internal sealed class ElboJob<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public ElboJob(int parameters, int dimension, int samples, int optimizerState, bool tail)
    {
        Theta = new T[parameters];
        Parameters = new T[parameters];
        Judged = new T[parameters];
        Noise = new T[checked(samples * dimension)];
        Optimizer = new double[optimizerState];
        Tail = tail ? new double[parameters] : null;
        Samples = samples;
    }

    /// <summary>The iteration the estimate belongs to.</summary>
    public int Iteration { get; set; }

    /// <summary>The approximation's [μ; ρ; λ] at the iteration: what the draws are taken around.</summary>
    public T[] Theta { get; }

    /// <summary>The optimizer's coordinates at the iteration (the fit's state; <see cref="Theta"/> itself in the legacy schedule).</summary>
    public T[] Parameters { get; }

    /// <summary>What the convergence rule judges with the estimate: <see cref="Theta"/>, or the block's mean approximation.</summary>
    public T[] Judged { get; }

    /// <summary>The estimate's ε, <see cref="Samples"/> blocks of the model's dimension.</summary>
    public T[] Noise { get; }

    /// <summary>The optimizer's state at the iteration.</summary>
    public double[] Optimizer { get; }

    /// <summary>The fit's random stream just after the estimate's ε.</summary>
    public Rng Rng { get; set; }

    /// <summary>The iterate-averaging sums at the iteration (<see cref="AdviOptions.AverageLast"/>), when the fit keeps them.</summary>
    public double[]? Tail { get; }

    /// <summary>How many iterates <see cref="Tail"/> holds.</summary>
    public int TailCount { get; set; }

    /// <summary>Draws in the estimate.</summary>
    public int Samples { get; }

    /// <summary>The estimate, once evaluated.</summary>
    public double Value { get; private set; }

    /// <summary>Its Monte Carlo standard error.</summary>
    public double Error { get; private set; }

    /// <summary>How long the evaluation took (stopwatch ticks), on whichever thread ran it, its JIT time included.</summary>
    public long Ticks { get; private set; }

    /// <summary>The JIT's compilation time on the evaluating thread during the evaluation.</summary>
    public TimeSpan Jit { get; private set; }

    /// <summary>The log densities at the draws and the entropy: <see cref="ElboEstimator.EstimateAt"/>, timed.</summary>
    public void Evaluate<TDensity>(ref TDensity density, ElboWorkspace<T> workspace)
        where TDensity : struct, ILogDensity<T>
    {
        long begin = Stopwatch.GetTimestamp();
        TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        (Value, Error) = ElboEstimator.EstimateAt(ref density, Theta, Noise, workspace, Samples);
        Jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jit;
        Ticks = Stopwatch.GetTimestamp() - begin;
    }
}

/// <summary>
/// The thread that evaluates a fit's ELBO estimates while its steps go on (<see cref="AdviOptions.ElboInBackground"/>): one
/// estimate at a time, on its own copy of the density struct (a full-batch density's evaluation is thread-safe, as NUTS's
/// parallel chains use it; the kernels' scratch is per thread) and its own workspace. An estimate the thread has not started
/// by the time the fit needs it (a machine with no idle core) is evaluated by the fit's thread itself, so the fit never
/// waits for a thread the scheduler has not run. An exception in an estimate is kept and thrown on the fit's thread by
/// <see cref="Take"/>; <see cref="Dispose"/> ends the thread and waits for it.
/// </summary>
internal sealed class ElboWorker<TDensity, T> : IDisposable
    where TDensity : struct, ILogDensity<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ManualResetEventSlim _submitted = new(false);
    private readonly ManualResetEventSlim _finished = new(true);
    private readonly ElboWorkspace<T> _workspace;
    private readonly Thread _thread;
    private TDensity _density;
    private ElboJob<T>? _job;

    // Who evaluates the submitted job: 0 nobody yet, 1 this thread, 2 the fit's thread.
    private int _claim = 1;
    private Exception? _error;
    private volatile bool _stopping;

    public ElboWorker(TDensity density, int dimension)
    {
        _density = density;
        _workspace = new ElboWorkspace<T>(dimension);
        _thread = new Thread(Run) { IsBackground = true, Name = "ModelGen ELBO estimates" };
        _thread.Start();
    }

    /// <summary>Starts <paramref name="job"/>'s evaluation; the previous one must have been waited for.</summary>
    public void Submit(ElboJob<T> job)
    {
        _job = job;
        _finished.Reset();
        Volatile.Write(ref _claim, 0);
        _submitted.Set();
    }

    /// <summary>
    /// The submitted estimate, evaluated: here, with the fit's own <paramref name="density"/> and <paramref name="workspace"/>,
    /// when the thread has not started it (then true), else once the thread has finished it (false); throws its exception, if
    /// it threw, as it was thrown. Either way the arithmetic, hence the estimate, is the same.
    /// </summary>
    public bool Take(ref TDensity density, ElboWorkspace<T> workspace)
    {
        if (Interlocked.CompareExchange(ref _claim, 2, 0) == 0)
        {
            _job!.Evaluate(ref density, workspace);
            return true;
        }

        _finished.Wait();
        if (_error is { } error)
        {
            _error = null;
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        return false;
    }

    /// <summary>Ends the thread (after the estimate it is evaluating, if any) and joins it: no thread outlives the fit.</summary>
    public void Dispose()
    {
        _stopping = true;
        _submitted.Set();
        _thread.Join();
        _submitted.Dispose();
        _finished.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _submitted.Wait();
            _submitted.Reset();
            if (_stopping)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _claim, 1, 0) != 0)
            {
                // The fit's thread took it first (or there is none): nothing to do until the next.
                continue;
            }

            try
            {
                _job!.Evaluate(ref _density, _workspace);
            }
            catch (Exception e)
            {
                // Kept for the fit's thread: an exception escaping this thread would end the process.
                _error = e;
            }
            finally
            {
                _finished.Set();
            }
        }
    }
}

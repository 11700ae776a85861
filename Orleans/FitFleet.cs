using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using System.Runtime.CompilerServices;

namespace ModelGen.Orleans;

/// <summary>
/// Fits a fleet of <typeparamref name="TModel"/>: one fit per key, each in its own grain on the cluster, with the
/// results streamed back as they finish. The silos bind each key's data (<see cref="FleetSiloBuilderExtensions.AddFleetModel{TModel, T}"/>);
/// the driver only names keys. While it runs, the driver long-polls every unfinished fit, which is also what brings back a
/// fit whose silo died: the next poll activates its grain on a live silo, which resumes from the fit's last persisted checkpoint.
/// </summary>
/// <typeparam name="TModel">The generated model type.</typeparam>
/// <param name="grains">The cluster's grain factory (<c>IClusterClient</c>, or a grain's <c>GrainFactory</c>).</param>
public sealed class FitFleet<TModel>(IGrainFactory grains)
{
    private readonly IGrainFactory _grains = grains ?? throw new ArgumentNullException(nameof(grains));

    /// <summary>
    /// How long one poll of a running fit waits for it to finish before answering with its progress; default 2 s. A fit
    /// that finishes answers its poll at once, so this bounds only how stale the progress is.
    /// </summary>
    public TimeSpan PollWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The pause before a call that failed (its silo dying, a timeout) is made again; default 200 ms. It doubles with each
    /// failure of the same call in a row, up to <see cref="MaxRetryDelay"/>, each pause drawn between three quarters and
    /// the whole of it so that the watchers of many fits on a dead silo do not call again in step.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest pause between tries of a failing call (see <see cref="RetryDelay"/>); default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Submits a fit of each of <paramref name="keys"/> under <paramref name="fleet"/> and yields each key's result once, as it finishes
    /// (in order of completion). A key whose data fails the model's bind checks gives a failed result (<see cref="FitResult.Error"/>:
    /// the <c>ModelDataException</c>'s message) and the rest go on. A fleet submitted again under the same name gives the
    /// results its fits hold, running only the unfinished ones; with other options it is refused per key: name another fleet.
    /// </summary>
    /// <param name="fleet">The fleet's name, part of each fit's grain key.</param>
    /// <param name="keys">The data keys, each once.</param>
    /// <param name="options">How each fit runs.</param>
    /// <param name="progress">Told where the fleet stands at each finished fit and at least every <see cref="PollWait"/>; null for none. Called from several threads, one call at a time per key.</param>
    /// <param name="cancellationToken">
    /// Cancels the fleet: the driver stops and cancels every fit it has not yielded (<see cref="CancelAsync"/>: each stops
    /// within a step and its state records a cancelled result) before the enumeration ends. To leave the fits running
    /// instead, stop enumerating (break) without cancelling: they go on in their grains.
    /// </param>
    public async IAsyncEnumerable<FitResult> FitAsync(
        string fleet,
        IEnumerable<string> keys,
        FleetFitOptions options,
        IProgress<FleetProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fleet);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string model = FleetModel.NameOf<TModel>();
        var clock = Stopwatch.StartNew();
        Dictionary<string, IFitGrain> grains = Grains(model, fleet, keys);

        // One watcher per key: start the fit, then long-poll it until it has a result (each poll answers when the fit
        // finishes, or after PollWait with its progress). A poll that fails (its silo died) is made again, which
        // activates the grain on a live silo, where it resumes the fit from its last persisted checkpoint.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = Channel.CreateUnbounded<FitResult>(new UnboundedChannelOptions { SingleReader = true });
        long steps = 0; // every key's steps so far: each watcher adds the change of its own key's count
        var yielded = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        int total = grains.Count;
        int pending = total;
        int succeeded = 0;
        int failed = 0;
        FleetProgress Now() => new(total, Volatile.Read(ref succeeded), Volatile.Read(ref failed), Interlocked.Read(ref steps), clock.Elapsed);
        Task[] watchers = [.. grains.Select(pair => Watch(pair.Key, pair.Value))];

        async Task Watch(string key, IFitGrain grain)
        {
            try
            {
                var request = new FitRequest(model, key, options);
                int done = 0;
                await Retry(() => grain.Start(request), stop.Token).ConfigureAwait(false);
                for (int quick = 0; ; )
                {
                    long asked = Stopwatch.GetTimestamp();
                    FitStatus status = await Retry(() => grain.Poll(PollWait), stop.Token).ConfigureAwait(false);
                    Interlocked.Add(ref steps, status.Done - done);
                    done = status.Done;
                    if (status.Result is { } result)
                    {
                        _ = result.Succeeded ? Interlocked.Increment(ref succeeded) : Interlocked.Increment(ref failed);
                        yielded[key] = true;
                        finished.Writer.TryWrite(result);
                        return;
                    }

                    progress?.Report(Now());
                    if (!status.Started)
                    {
                        // The grain holds no request (its state was lost or not written): record it again.
                        await Retry(() => grain.Start(request), stop.Token).ConfigureAwait(false);
                    }

                    // A poll answered early with no result (the grain restarting a run) is followed by a backed-off pause,
                    // never by another poll at once: a grain that cannot make progress is never polled in a tight loop.
                    quick = Stopwatch.GetElapsedTime(asked) < PollWait / 2 ? quick + 1 : 0;
                    if (quick > 0)
                    {
                        await Task.Delay(Backoff(quick), stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // A call refused (other options under this fleet's name) or failing past every retry: the fleet stops with it.
                finished.Writer.TryComplete(e);
            }
            finally
            {
                if (Interlocked.Decrement(ref pending) == 0)
                {
                    finished.Writer.TryComplete();
                }
            }
        }

        try
        {
            await foreach (FitResult result in finished.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                progress?.Report(Now());
                yield return result;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(watchers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                // Cancelling the fleet cancels its fits: every one whose result was not taken stops in its grain, which records it cancelled.
                await Cancel([.. grains.Where(pair => !yielded.ContainsKey(pair.Key))], CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Cancels the fits of <paramref name="keys"/> under <paramref name="fleet"/>: each unfinished one stops within a
    /// step, its state records a cancelled result (<see cref="FitResult.Cancelled"/>) and its reminder is dropped;
    /// finished ones keep their results. Returns every key's result (finished or cancelled); keys whose grain holds no
    /// fit are left out. The fleet's name then holds those results: refit under another name, or clear it first.
    /// </summary>
    /// <param name="fleet">The fleet's name.</param>
    /// <param name="keys">The data keys, each once.</param>
    /// <param name="cancellationToken">Stops cancelling (fits already cancelled stay so).</param>
    public Task<IReadOnlyList<FitResult>> CancelAsync(string fleet, IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fleet);
        ArgumentNullException.ThrowIfNull(keys);
        return Cancel([.. Grains(FleetModel.NameOf<TModel>(), fleet, keys)], cancellationToken);
    }

    /// <summary>
    /// Deletes the grain state of the fits of <paramref name="keys"/> under <paramref name="fleet"/> (request, checkpoint,
    /// result) from the grain storage, so the name is free and the storage holds nothing of them. Every fit must be
    /// finished or cancelled: an unfinished one is refused with an <see cref="ArgumentException"/> naming its key (the
    /// keys before it may be cleared). Returns how many states were deleted (keys without a fit count none).
    /// </summary>
    /// <param name="fleet">The fleet's name.</param>
    /// <param name="keys">The data keys, each once.</param>
    /// <param name="cancellationToken">Stops clearing.</param>
    public async Task<int> ClearAsync(string fleet, IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fleet);
        ArgumentNullException.ThrowIfNull(keys);
        int cleared = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentStarts, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Grains(FleetModel.NameOf<TModel>(), fleet, keys), parallel, async (pair, cancel) =>
        {
            if (await Retry(() => pair.Value.Clear(), cancel).ConfigureAwait(false))
            {
                Interlocked.Increment(ref cleared);
            }
        }).ConfigureAwait(false);
        return cleared;
    }

    private async Task<IReadOnlyList<FitResult>> Cancel(KeyValuePair<string, IFitGrain>[] grains, CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<FitResult>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentStarts, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(grains, parallel, async (pair, cancel) =>
        {
            if (await Retry(() => pair.Value.Cancel(), cancel).ConfigureAwait(false) is { } result)
            {
                results.Add(result);
            }
        }).ConfigureAwait(false);
        return [.. results];
    }

    /// <summary>
    /// Starts a fit of each of <paramref name="keys"/> under <paramref name="fleet"/> and returns once every fit is
    /// recorded in its grain's state (up to <see cref="MaxConcurrentStarts"/> calls at once), without waiting for any to
    /// finish. The fits go on in their grains; with <see cref="FleetSiloOptions.ResumeEvery"/> set on the silos, one whose
    /// silo dies resumes on another with no driver. Collect the results later with <see cref="FitAsync"/> under the same name.
    /// </summary>
    /// <param name="fleet">The fleet's name, part of each fit's grain key.</param>
    /// <param name="keys">The data keys, each once.</param>
    /// <param name="options">How each fit runs.</param>
    /// <param name="cancellationToken">Stops submitting (fits already started go on).</param>
    public async Task SubmitAsync(string fleet, IEnumerable<string> keys, FleetFitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fleet);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string model = FleetModel.NameOf<TModel>();
        Dictionary<string, IFitGrain> grains = Grains(model, fleet, keys);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentStarts, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(grains, parallel, async (pair, cancel) =>
            await Retry(() => pair.Value.Start(new FitRequest(model, pair.Key, options)), cancel).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Calls <see cref="SubmitAsync"/> makes at once; default 256.</summary>
    public int MaxConcurrentStarts { get; init; } = 256;

    /// <summary>Each key's fit grain; a key given twice is refused.</summary>
    private Dictionary<string, IFitGrain> Grains(string model, string fleet, IEnumerable<string> keys)
    {
        var grains = new Dictionary<string, IFitGrain>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            if (!grains.TryAdd(key, _grains.GetGrain<IFitGrain>(FitGrainKey.Of(model, fleet, key))))
            {
                throw new ArgumentException($"The key '{key}' is given twice; a fleet fits each key once.", nameof(keys));
            }
        }

        return grains;
    }

    /// <summary>Calls until the cluster answers: a silo lost under a call makes the call fail, and the next one goes to a live silo.</summary>
    private Task<bool> Retry(Func<Task> call, CancellationToken cancellationToken) =>
        Retry(async () => { await call().ConfigureAwait(false); return true; }, cancellationToken);

    /// <inheritdoc cref="Retry(Func{Task}, CancellationToken)"/>
    private Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        ClusterCalls.Retry(call, ClusterCalls.MaxAttempts, RetryDelay, MaxRetryDelay, cancellationToken);

    private TimeSpan Backoff(int failures) => ClusterCalls.Backoff(failures, RetryDelay, MaxRetryDelay);
}

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ModelGen.Orleans;

/// <summary>
/// Fits a fleet of <typeparamref name="TModel"/>: one fit per key, each in its own grain on the cluster, with the
/// results streamed back as they finish. The silos bind each key's data (<see cref="FleetSiloBuilderExtensions.AddFleetModel{TModel, T}"/>);
/// the driver only names keys. While it runs, the driver polls every unfinished fit, which is also what brings back a
/// fit whose silo died: the poll activates its grain on a live silo, which resumes from the fit's last persisted checkpoint.
/// </summary>
/// <typeparam name="TModel">The generated model type.</typeparam>
/// <param name="grains">The cluster's grain factory (<c>IClusterClient</c>, or a grain's <c>GrainFactory</c>).</param>
public sealed class FitFleet<TModel>(IGrainFactory grains)
{
    private readonly IGrainFactory _grains = grains ?? throw new ArgumentNullException(nameof(grains));

    /// <summary>Time between two sweeps of polls over the unfinished fits; default 200 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Submits a fit of each of <paramref name="keys"/> under <paramref name="fleet"/> and yields each key's result once, as it finishes
    /// (in order of completion). A key whose data fails the model's bind checks gives a failed result (<see cref="FitResult.Error"/>:
    /// the <c>ModelDataException</c>'s message) and the rest go on. A fleet submitted again under the same name gives the
    /// results its fits hold, running only the unfinished ones; with other options it is refused per key: name another fleet.
    /// </summary>
    /// <param name="fleet">The fleet's name, part of each fit's grain key.</param>
    /// <param name="keys">The data keys, each once.</param>
    /// <param name="options">How each fit runs.</param>
    /// <param name="progress">Told after each sweep where the fleet stands; null for none.</param>
    /// <param name="cancellationToken">Stops the driver (not the fits, which go on in their grains).</param>
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
        var pending = new Dictionary<string, IFitGrain>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            IFitGrain grain = _grains.GetGrain<IFitGrain>(FitGrainKey.Of(model, fleet, key));
            if (!pending.TryAdd(key, grain))
            {
                throw new ArgumentException($"The key '{key}' is given twice; a fleet fits each key once.", nameof(keys));
            }
        }

        var request = new Dictionary<string, FitRequest>(pending.Count, StringComparer.Ordinal);
        await Task.WhenAll(pending.Select(async p =>
        {
            var r = new FitRequest(model, p.Key, options);
            await Retry(() => p.Value.Start(r), cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);

        int total = pending.Count;
        int succeeded = 0;
        int failed = 0;
        long finishedSteps = 0;
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (string Key, FitStatus? Status)[] polled = await Task.WhenAll(pending.Select(async p => (p.Key, await PollOnce(p.Value).ConfigureAwait(false)))).ConfigureAwait(false);
            long runningSteps = 0;
            var finished = new List<FitResult>();
            foreach ((string key, FitStatus? status) in polled)
            {
                if (status?.Result is { } result)
                {
                    pending.Remove(key);
                    finished.Add(result);
                    finishedSteps += result.Iterations;
                    _ = result.Succeeded ? succeeded++ : failed++;
                }
                else if (status is not null)
                {
                    runningSteps += status.Done;
                }
            }

            progress?.Report(new FleetProgress(total, succeeded, failed, finishedSteps + runningSteps, clock.Elapsed));
            foreach (FitResult result in finished)
            {
                yield return result;
            }

            if (pending.Count > 0)
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One poll; null when the grain could not answer now (its silo is dying, the call timed out): the next sweep asks again.</summary>
    private static async Task<FitStatus?> PollOnce(IFitGrain grain)
    {
        try
        {
            return await grain.Poll().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Calls until the cluster answers: a silo lost under a call makes the call fail, and the next one goes to a live silo.</summary>
    private async Task Retry(Func<Task> call, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await call().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not ArgumentException && attempt < 20)
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

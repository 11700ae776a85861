using System.Numerics;
using ModelGen.Data;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Sampling;
using ModelGen.Simd;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ModelGen.Orleans;

/// <summary>
/// One NUTS chain of a run (<see cref="NutsChains{TModel, T}"/>, <see cref="ShardedFit{TModel, T}.SampleChainsAsync"/>),
/// run alone (<see cref="NutsOptions.FirstChain"/>): a key's, bound through the silo's fleet registration, on one of the
/// silo's fit threads; or a sharded run's, a coordinator of its own over the shards. Keyed by model, key and chain, and placed by the chain's number (<see cref="ChainPlacement"/>),
/// so a run's chains spread over the silos.
/// </summary>
[Alias("ModelGen.Orleans.IChainGrain")]
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Runs the chain and returns it, with the silo that ran it; a key whose data fail the bind checks gives a part with <see cref="NutsChainPart.Error"/>.</summary>
    [Alias("Sample")]
    [ResponseTimeout("1.00:00:00")]
    Task<NutsChainPart> Sample(ChainRequest request);

    /// <summary>
    /// Starts the chain in the background when it is not running (a fleet chain from the checkpoint in the grain's state)
    /// and answers with it as soon as it finishes, or with null after <paramref name="wait"/> (it goes on). A driver polls
    /// a chain so that a silo dying under it costs one poll's time-out, not the chain: the next poll activates the grain on
    /// a live silo, which resumes the chain from its last checkpoint. Another request while one runs waits for that one.
    /// </summary>
    [Alias("Poll")]
    Task<NutsChainPart?> Poll(ChainRequest request, TimeSpan wait);

    /// <summary>Deletes a fleet chain's checkpoint from the grain storage (its run merged); false when none was stored.</summary>
    [Alias("Clear")]
    Task<bool> Clear();
}

/// <summary>
/// A fleet chain grain's persisted state (<see cref="ChainGrain"/>): the request and the chain's last NUTS checkpoint (the
/// runtime's checkpoint format, one chain); after the chain finished, its finished checkpoint, which gives its draws
/// again without sampling.
/// </summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.ChainGrainState")]
public sealed class ChainGrainState
{
    /// <summary>The chain asked for.</summary>
    [Id(0)]
    public ChainRequest? Request { get; set; }

    /// <summary>The chain's last checkpoint (<see cref="ICheckpointStore"/> bytes).</summary>
    [Id(1)]
    public byte[]? Checkpoint { get; set; }
}

/// <summary>
/// Chain <see cref="Chain"/> of the NUTS run of <see cref="Model"/> with <see cref="Options"/>: on key <see cref="Key"/>'s
/// data (a fleet model), or, with a <see cref="Layout"/>, on data set <see cref="Key"/> held by those shards at
/// <see cref="Width"/> (a sharded model).
/// </summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.ChainRequest")]
public sealed record ChainRequest(
    [property: Id(0)] string Model,
    [property: Id(1)] string Key,
    [property: Id(2)] FleetFitOptions Options,
    [property: Id(3)] int Chain,
    [property: Id(4)] ShardRows[]? Layout = null,
    [property: Id(5)] SimdWidth Width = SimdWidth.Scalar);

/// <summary>
/// One chain's run as it travels: its kept draws (constrained, draw-major, in double: exact for float), Stan's sampler
/// statistics per draw, the adapted step size and metric, its times, and the silo that ran it; or why it could not run.
/// </summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.NutsChainPart")]
public sealed record NutsChainPart
{
    /// <summary>The silo that ran the chain (its runtime identity).</summary>
    [Id(0)] public string Silo { get; init; } = string.Empty;

    /// <summary>Why the chain did not run (the bind's <c>ModelDataException</c> message, or another exception's); null when it ran.</summary>
    [Id(1)] public string? Error { get; init; }

    /// <summary>The error's exception type.</summary>
    [Id(2)] public string? ErrorType { get; init; }

    /// <summary>Kept draws, constrained, draw after draw.</summary>
    [Id(3)] public double[] Values { get; init; } = [];

    /// <summary><c>lp__</c> per draw.</summary>
    [Id(4)] public double[] LogDensity { get; init; } = [];

    /// <summary><c>accept_stat__</c> per draw.</summary>
    [Id(5)] public double[] AcceptStat { get; init; } = [];

    /// <summary><c>stepsize__</c> per draw.</summary>
    [Id(6)] public double[] StepSize { get; init; } = [];

    /// <summary><c>treedepth__</c> per draw.</summary>
    [Id(7)] public int[] TreeDepth { get; init; } = [];

    /// <summary><c>n_leapfrog__</c> per draw.</summary>
    [Id(8)] public int[] Leapfrogs { get; init; } = [];

    /// <summary><c>divergent__</c> per draw.</summary>
    [Id(9)] public bool[] Divergent { get; init; } = [];

    /// <summary><c>energy__</c> per draw.</summary>
    [Id(10)] public double[] Energy { get; init; } = [];

    /// <summary>The adapted step size.</summary>
    [Id(11)] public double AdaptedStepSize { get; init; }

    /// <summary>The adapted inverse metric.</summary>
    [Id(12)] public double[] InverseMetric { get; init; } = [];

    /// <summary>The chain's time, and its warm-up's.</summary>
    [Id(13)] public TimeSpan ChainTime { get; init; }

    /// <summary>The warm-up's time.</summary>
    [Id(14)] public TimeSpan WarmupTime { get; init; }

    /// <summary>Leapfrog steps of the warm-up.</summary>
    [Id(15)] public long WarmupLeapfrogs { get; init; }

    /// <summary>The run's seed.</summary>
    [Id(16)] public ulong Seed { get; init; }

    /// <summary>Warm-up iterations.</summary>
    [Id(17)] public int Warmup { get; init; }

    /// <summary>Kept draws.</summary>
    [Id(18)] public int Draws { get; init; }

    /// <summary>The tree depth cap.</summary>
    [Id(19)] public int MaxTreeDepth { get; init; }

    /// <summary>The chain began from a checkpoint in its grain's state (its silo died, or an earlier run of it finished), not from its start.</summary>
    [Id(20)] public bool Resumed { get; init; }

    /// <summary>The part of a one-chain run.</summary>
    internal static NutsChainPart Of<T>(NutsFit<T> run)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SamplerStatistics s = run.Statistics;
        var values = new double[run.Draws.Values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = double.CreateTruncating(run.Draws.Values[i]);
        }

        return new NutsChainPart
        {
            Values = values,
            LogDensity = s.LogDensity,
            AcceptStat = s.AcceptStat,
            StepSize = s.StepSize,
            TreeDepth = s.TreeDepth,
            Leapfrogs = s.Leapfrogs,
            Divergent = s.Divergent,
            Energy = s.Energy,
            AdaptedStepSize = run.StepSizes[0],
            InverseMetric = run.InverseMetric(0).ToArray(),
            ChainTime = run.ChainTimes[0],
            WarmupTime = run.WarmupTimes[0],
            WarmupLeapfrogs = run.WarmupLeapfrogs,
            Seed = run.Seed,
            Warmup = run.Warmup,
            Draws = run.DrawsPerChain,
            MaxTreeDepth = run.MaxTreeDepth,
        };
    }

    /// <summary>The one-chain run again, in the model's type.</summary>
    internal NutsFit<T> ToFit<T>(ModelInfo info)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[Values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(Values[i]);
        }

        var stats = new SamplerStatistics(1, Draws);
        LogDensity.CopyTo(stats.LogDensity, 0);
        AcceptStat.CopyTo(stats.AcceptStat, 0);
        StepSize.CopyTo(stats.StepSize, 0);
        TreeDepth.CopyTo(stats.TreeDepth, 0);
        Leapfrogs.CopyTo(stats.Leapfrogs, 0);
        Divergent.CopyTo(stats.Divergent, 0);
        Energy.CopyTo(stats.Energy, 0);
        return new NutsFit<T>(new Draws<T>(info, values, Draws), 1, Draws, Warmup, MaxTreeDepth, stats, [AdaptedStepSize], [InverseMetric], [ChainTime], [WarmupTime], ChainTime, Seed, WarmupLeapfrogs);
    }
}

/// <summary>
/// Runs one chain: a fleet model's on one of the silo's fit threads, a sharded model's as a coordinator of its own over
/// the shards. Chain c is activated on silo c mod n (<see cref="ChainPlacement"/>).
/// <para>
/// A fleet chain persists its NUTS checkpoint every <see cref="FleetFitOptions.CheckpointEvery"/> iterations in the
/// grain storage named <see cref="FleetStorage.Name"/> (state <see cref="StateName"/>, read only by fleet chains, so a
/// silo of sharded models alone needs none), and its finished checkpoint at its end. A chain whose silo died is called
/// again by <see cref="ChainRuns"/>, is activated on a live silo, and resumes from that checkpoint: the run's draws are
/// the uninterrupted run's bit for bit. The same request again after the chain finished gives its draws from the
/// finished checkpoint without sampling; another request for the grain starts afresh.
/// </para>
/// </summary>
[ChainPlacement]
internal sealed class ChainGrain(IEnumerable<IFleetModel> fleet, IEnumerable<IShardedModel> sharded, IServiceProvider services) : Grain, IChainGrain
{
    /// <summary>The name of a fleet chain's state in the grain storage.</summary>
    internal const string StateName = "chain";

    /// <summary>The chain's state, read from the storage on this activation's first fleet request.</summary>
    private GrainState<ChainGrainState>? _state;

    /// <summary>The request of the run in <see cref="_run"/>.</summary>
    private ChainRequest? _request;

    /// <summary>This activation's run of the chain: running, or finished with its part (kept for a repeated poll).</summary>
    private Task<NutsChainPart>? _run;

    public async Task<NutsChainPart> Sample(ChainRequest request) => await await Launch(request);

    public async Task<NutsChainPart?> Poll(ChainRequest request, TimeSpan wait)
    {
        Task<NutsChainPart> run = await Launch(request);
        if (!run.IsCompleted && wait > TimeSpan.Zero)
        {
            using var timeout = new CancellationTokenSource();
            await Task.WhenAny(run, Task.Delay(wait, timeout.Token));
            await timeout.CancelAsync();
        }

        return run.IsCompleted ? await run : null;
    }

    /// <summary>
    /// The run of <paramref name="request"/>: this activation's when it is of that request and did not fail (a part naming
    /// an error is not kept: the next call runs the chain again); else a new
    /// one (a fleet chain's from its grain's checkpoint), started once the run of another request ended.
    /// </summary>
    private async Task<Task<NutsChainPart>> Launch(ChainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_run is { IsCompleted: false } other && _request != request)
        {
            await ((Task)other).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        if (_run is null || _request != request || _run.IsFaulted || _run.IsCanceled || _run is { IsCompletedSuccessfully: true, Result.Error: not null })
        {
            _request = request;
            _run = SampleNow(request);
        }

        return _run;
    }

    /// <summary>Samples the chain now (the run <see cref="Launch"/> keeps).</summary>
    private async Task<NutsChainPart> SampleNow(ChainRequest request)
    {
        NutsChainPart part;
        if (request.Layout is null)
        {
            IFleetModel? model = fleet.FirstOrDefault(m => m.Name == request.Model);
            part = model is null || services.GetService(typeof(FitSlots)) is not FitSlots slots
                ? Missing($"This silo has no fleet model '{request.Model}': register it with AddFleetModel(bind, fit, nuts: …) on every silo.")
                : services.GetKeyedService<IGrainStorage>(FleetStorage.Name) is not { } storage
                ? Missing($"This silo has no grain storage named '{FleetStorage.Name}' (FleetStorage.Name), where the chains of fleet model '{request.Model}' keep their checkpoints: configure one on every silo.")
                : await SampleFleetChain(model, slots, storage, request);
        }
        else
        {
            IShardedModel? model = sharded.FirstOrDefault(m => m.Name == request.Model);
            part = model is null ? Missing($"This silo has no sharded model '{request.Model}': register it with AddShardedModel on every silo.") : await model.SampleChain(GrainFactory, request);
        }

        return part with { Silo = RuntimeIdentity };

        static NutsChainPart Missing(string error) => new() { Error = error, ErrorType = typeof(InvalidOperationException).FullName };
    }

    public async Task<bool> Clear()
    {
        if (_run is { IsCompleted: false } || services.GetKeyedService<IGrainStorage>(FleetStorage.Name) is not { } storage)
        {
            return false;
        }

        GrainState<ChainGrainState> state = await Read(storage);
        bool stored = state.RecordExists;
        if (stored)
        {
            await storage.ClearStateAsync(StateName, this.GetGrainId(), state);
        }

        (_state, _request, _run) = (null, null, null);
        DeactivateOnIdle();
        return stored;
    }

    /// <summary>The chain, from the checkpoint in the grain's state when it holds one of this request, its checkpoints persisted as they come (<see cref="CheckpointedRun"/>).</summary>
    private async Task<NutsChainPart> SampleFleetChain(IFleetModel model, FitSlots slots, IGrainStorage storage, ChainRequest request)
    {
        GrainState<ChainGrainState> state = await Read(storage);
        if (state.State!.Request != request)
        {
            // Another run of this key's chain (other options): its checkpoint would not resume; this run starts afresh.
            state.State = new ChainGrainState { Request = request };
        }

        using var run = new CancellationTokenSource();
        NutsChainPart? part = await CheckpointedRun.Run(
            slots,
            $"grain state of chain {request.Chain} of key '{request.Key}' ({request.Model})",
            state.State.Checkpoint,
            (store, cancel) => model.SampleChain(request.Key, request.Options, request.Chain, store, cancel),
            async (latest, _) =>
            {
                // The finished checkpoint too: a run whose other chain failed keeps this one's draws for its next call.
                state.State.Checkpoint = latest;
                await Write(storage, state);
                return true;
            },
            run);
        return part!;
    }

    private async Task<GrainState<ChainGrainState>> Read(IGrainStorage storage)
    {
        if (_state is null)
        {
            var state = new GrainState<ChainGrainState>(new ChainGrainState());
            await storage.ReadStateAsync(StateName, this.GetGrainId(), state);
            state.State ??= new ChainGrainState();
            _state = state;
        }

        return _state;
    }

    /// <summary>
    /// Writes the chain's state. A write refused for a stale ETag (another activation of this grain, e.g. one left over
    /// on a silo being declared dead, wrote since) is written again over the fresh ETag: any checkpoint of the chain is a
    /// state of the same run, so either resumes it to the same bits.
    /// </summary>
    private async Task Write(IGrainStorage storage, GrainState<ChainGrainState> state)
    {
        try
        {
            await storage.WriteStateAsync(StateName, this.GetGrainId(), state);
        }
        catch (InconsistentStateException)
        {
            var stored = new GrainState<ChainGrainState>(new ChainGrainState());
            await storage.ReadStateAsync(StateName, this.GetGrainId(), stored);
            state.ETag = stored.ETag;
            await storage.WriteStateAsync(StateName, this.GetGrainId(), state);
        }
    }
}

/// <summary>
/// NUTS with each chain on a grain of its own (<see cref="IChainGrain"/>), so a key's chains run on different silos at
/// once: chain c is chain c of <c>model.Nuts(options.ToNutsOptions())</c> (its own random stream, <see cref="NutsOptions.FirstChain"/>),
/// and the chains, merged in chain order (<see cref="NutsFit{T}.Combine"/>), are that run bit for bit. The model is
/// registered on every silo with <c>AddFleetModel(bind, fit, nuts: …)</c>.
/// </summary>
/// <typeparam name="TModel">The generated model type.</typeparam>
/// <typeparam name="T">Its element type.</typeparam>
/// <param name="grains">The cluster's grain factory (an <c>IClusterClient</c>).</param>
/// <param name="model">Any instance of the model, for its layout (rows are not needed).</param>
public sealed class NutsChains<TModel, T>(IGrainFactory grains, TModel model)
    where TModel : IModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IGrainFactory _grains = grains ?? throw new ArgumentNullException(nameof(grains));
    private readonly TModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>Failed polls of a chain in a row (its silo dying, a time-out) before the run fails with the last one's error; default 40, backed off (<see cref="RetryDelay"/>): about three minutes.</summary>
    public int MaxTries { get; init; } = ClusterCalls.MaxAttempts;

    /// <summary>How long one poll of a running chain waits for it to finish (<see cref="IChainGrain.Poll"/>); default 5 s. A poll lost with its silo times out (Orleans' response time-out) and the next one resumes the chain on a live silo.</summary>
    public TimeSpan PollWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The pause before a failed poll is made again; default 200 ms, doubling with each failure in a row up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest pause between polls of a failing chain (see <see cref="RetryDelay"/>); default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Samples <paramref name="key"/>'s data: every chain at once, each on its grain, which persists the chain's checkpoint
    /// every <see cref="FleetFitOptions.CheckpointEvery"/> iterations, so a chain whose silo dies resumes on another (the
    /// driver polls each chain, <see cref="PollWait"/>). A key whose data fail the bind checks fails with the model's
    /// <see cref="ModelDataException"/> message, naming the chain and the key; the chains that finished keep their finished
    /// checkpoints in their grains, and the next call for the key takes their draws from there. Once the run is merged,
    /// its chains' states are deleted.
    /// </summary>
    /// <param name="key">The key, as the silos' <c>bind</c> knows it.</param>
    /// <param name="options">The run's options (<see cref="FleetFitOptions.ToNutsOptions"/>: chains, warm-up, draws, seed, …; <see cref="FleetFitOptions.CheckpointEvery"/>).</param>
    /// <param name="cancellationToken">Stops waiting (the chains already running go on in their grains).</param>
    /// <returns>The run, and the silo each chain ran on.</returns>
    public async Task<ChainedNutsResult<T>> SampleAsync(string key, FleetFitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(options);
        string name = FleetModel.NameOf<TModel>();
        IChainGrain Grain(int chain) => _grains.GetGrain<IChainGrain>(FitGrainKey.Of(name, key, ChainRuns.Name(chain)));
        ChainedNutsResult<T> result = await ChainRuns.RunAll<T>(_model.Info, options, maxTries: 1, c => Poll(Grain(c), new ChainRequest(name, key, options, c), cancellationToken), cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(Enumerable.Range(0, options.Chains).Select(c => ClusterCalls.Retry(() => Grain(c).Clear(), MaxTries, RetryDelay, MaxRetryDelay, cancellationToken))).ConfigureAwait(false);
        return result;
    }

    /// <summary>Polls a chain until it answers with its part.</summary>
    private async Task<NutsChainPart> Poll(IChainGrain grain, ChainRequest request, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await ClusterCalls.Retry(() => grain.Poll(request, PollWait), MaxTries, RetryDelay, MaxRetryDelay, cancellationToken).ConfigureAwait(false) is { } part)
            {
                return part;
            }
        }
    }
}

/// <summary>The one path that runs a NUTS run's chains each on its grain and merges them: calls, retries, errors, <see cref="NutsFit{T}.Combine"/>.</summary>
internal static class ChainRuns
{
    /// <summary>Chain <paramref name="chain"/>'s part of a chain grain's key (<see cref="ChainPlacement"/> reads it back).</summary>
    public static string Name(int chain) => chain.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Calls <paramref name="call"/> for every chain of <paramref name="options"/> at once (a failed call again, up to
    /// <paramref name="maxTries"/> tries: the chain runs again, from its last checkpoint when its grain keeps one, to the same bits), then merges the chains in
    /// chain order; a chain that could not run fails the run with its error (a <see cref="ModelDataException"/> as one).
    /// </summary>
    public static async Task<ChainedNutsResult<T>> RunAll<T>(ModelInfo info, FleetFitOptions options, int maxTries, Func<int, Task<NutsChainPart>> call, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        NutsOptions nuts = options.ToNutsOptions();
        nuts.Validate();
        NutsChainPart[] parts = await Task.WhenAll(Enumerable.Range(0, nuts.Chains).Select(c => Retry(c))).ConfigureAwait(false);
        if (parts.FirstOrDefault(p => p.Error is not null) is { } failed)
        {
            throw failed.ErrorType == typeof(ModelDataException).FullName ? new ModelDataException(failed.Error!, string.Empty) : new InvalidOperationException(failed.Error);
        }

        return new ChainedNutsResult<T>(NutsFit<T>.Combine([.. parts.Select(p => p.ToFit<T>(info))]), [.. parts.Select(p => p.Silo)])
        {
            Resumed = [.. parts.Select(p => p.Resumed)],
        };

        async Task<NutsChainPart> Retry(int chain)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return await call(chain).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException && attempt < maxTries)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}

/// <summary>A NUTS run whose chains ran on grains of their own (<see cref="NutsChains{TModel, T}"/>).</summary>
/// <param name="Fit">The run, as <c>model.Nuts(options.ToNutsOptions())</c> on one machine gives it.</param>
/// <param name="Silos">The silo each chain ran on, in chain order.</param>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed record ChainedNutsResult<T>(NutsFit<T> Fit, IReadOnlyList<string> Silos)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether each chain, in chain order, began from a checkpoint in its grain's state (its silo died mid-chain, or an earlier call finished it) rather than from its start.</summary>
    public IReadOnlyList<bool> Resumed { get; init; } = [];
}

using System.Numerics;
using ModelGen.Data;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Sampling;
using ModelGen.Simd;

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

    /// <summary>The run's seed, warm-up, kept draws and tree depth.</summary>
    [Id(16)] public ulong Seed { get; init; }

    /// <summary>Warm-up iterations.</summary>
    [Id(17)] public int Warmup { get; init; }

    /// <summary>Kept draws.</summary>
    [Id(18)] public int Draws { get; init; }

    /// <summary>The tree depth cap.</summary>
    [Id(19)] public int MaxTreeDepth { get; init; }

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
/// </summary>
[ChainPlacement]
internal sealed class ChainGrain(IEnumerable<IFleetModel> fleet, IEnumerable<IShardedModel> sharded, IServiceProvider services) : Grain, IChainGrain
{
    public async Task<NutsChainPart> Sample(ChainRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        NutsChainPart part;
        if (request.Layout is null)
        {
            IFleetModel? model = fleet.FirstOrDefault(m => m.Name == request.Model);
            part = model is null || services.GetService(typeof(FitSlots)) is not FitSlots slots
                ? Missing("fleet", "AddFleetModel(bind, fit, nuts: …)")
                : await slots.Run(() => model.SampleChain(request.Key, request.Options, request.Chain), CancellationToken.None);
        }
        else
        {
            IShardedModel? model = sharded.FirstOrDefault(m => m.Name == request.Model);
            part = model is null ? Missing("sharded", "AddShardedModel") : await model.SampleChain(GrainFactory, request);
        }

        return part with { Silo = RuntimeIdentity };

        NutsChainPart Missing(string kind, string registration) =>
            new() { Error = $"This silo has no {kind} model '{request.Model}': register it with {registration} on every silo.", ErrorType = typeof(InvalidOperationException).FullName };
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

    /// <summary>Tries per chain before the run fails with the last call's error (a chain whose silo died runs again, from its start, to the same bits).</summary>
    public int MaxTries { get; init; } = 5;

    /// <summary>
    /// Samples <paramref name="key"/>'s data: every chain at once, each on its grain. A key whose data fail the bind
    /// checks fails with the model's <see cref="ModelDataException"/> message.
    /// </summary>
    /// <param name="key">The key, as the silos' <c>bind</c> knows it.</param>
    /// <param name="options">The run's options (<see cref="FleetFitOptions.ToNutsOptions"/>: chains, warm-up, draws, seed, …).</param>
    /// <param name="cancellationToken">Stops waiting (the chains already running go on in their grains).</param>
    /// <returns>The run, and the silo each chain ran on.</returns>
    public Task<ChainedNutsResult<T>> SampleAsync(string key, FleetFitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(options);
        string name = FleetModel.NameOf<TModel>();
        return ChainRuns.RunAll<T>(_model.Info, options, MaxTries, c => _grains.GetGrain<IChainGrain>(FitGrainKey.Of(name, key, ChainRuns.Name(c))).Sample(new ChainRequest(name, key, options, c)), cancellationToken);
    }
}

/// <summary>The one path that runs a NUTS run's chains each on its grain and merges them: calls, retries, errors, <see cref="NutsFit{T}.Combine"/>.</summary>
internal static class ChainRuns
{
    /// <summary>Chain <paramref name="chain"/>'s part of a chain grain's key (<see cref="ChainPlacement"/> reads it back).</summary>
    public static string Name(int chain) => chain.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Calls <paramref name="call"/> for every chain of <paramref name="options"/> at once (a failed call again, up to
    /// <paramref name="maxTries"/> tries: the chain runs from its start to the same bits), then merges the chains in
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

        return new ChainedNutsResult<T>(NutsFit<T>.Combine([.. parts.Select(p => p.ToFit<T>(info))]), [.. parts.Select(p => p.Silo)]);

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
    where T : unmanaged, IFloatingPointIeee754<T>;

using System.Globalization;
using System.Numerics;
using ModelGen.Diagnostics;
using ModelGen.Draws;

namespace ModelGen.Sampling;

/// <summary>
/// The result of <see cref="Nuts.Sample{TDensity, T}"/>: the kept draws of every chain in the same storage as an
/// ADVI fit's (so summaries, prediction and export work unchanged), Stan's per-draw sampler statistics, the adapted
/// step sizes and metrics, and the diagnostics a user should read before trusting the draws.
/// </summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class NutsFit<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] _stepSizes;
    private readonly double[][] _inverseMetrics;
    private readonly TimeSpan[] _chainTimes;
    private readonly TimeSpan[] _warmupTimes;
    private readonly double[] _ebfmi;

    internal NutsFit(Draws<T> draws, int chains, int drawsPerChain, int warmup, int maxTreeDepth, SamplerStatistics statistics, double[] stepSizes, double[][] inverseMetrics, TimeSpan[] chainTimes, TimeSpan[] warmupTimes, TimeSpan elapsed, ulong seed, long warmupLeapfrogs)
    {
        Draws = draws;
        Chains = chains;
        DrawsPerChain = drawsPerChain;
        Warmup = warmup;
        MaxTreeDepth = maxTreeDepth;
        Statistics = statistics;
        _stepSizes = stepSizes;
        _inverseMetrics = inverseMetrics;
        _chainTimes = chainTimes;
        _warmupTimes = warmupTimes;
        Elapsed = elapsed;
        Seed = seed;
        WarmupLeapfrogs = warmupLeapfrogs;
        Divergences = statistics.Divergent.Count(d => d);
        TreeDepthSaturations = statistics.TreeDepth.Count(d => d >= maxTreeDepth);
        _ebfmi = new double[chains];
        for (int c = 0; c < chains; c++)
        {
            _ebfmi[c] = drawsPerChain >= 2 ? Convergence.Ebfmi(statistics.OfChain(statistics.Energy, c)) : double.NaN;
        }
    }

    /// <summary>
    /// The runs of <paramref name="runs"/> as one, their chains in the order given: the runs of one chain each of a
    /// seed's chains 0, 1, … (<see cref="NutsOptions.FirstChain"/>), made anywhere, give the run of all of them bit for
    /// bit (draws, statistics, step sizes, metrics; <see cref="Elapsed"/> is the longest run's).
    /// </summary>
    /// <exception cref="ArgumentException">No runs, or runs of other kept draws per chain, warm-up, tree depth, seed or model.</exception>
    public static NutsFit<T> Combine(IReadOnlyList<NutsFit<T>> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("Combine needs at least one run.", nameof(runs));
        }

        NutsFit<T> first = runs[0];
        for (int i = 1; i < runs.Count; i++)
        {
            NutsFit<T> r = runs[i];
            string differs = r.DrawsPerChain != first.DrawsPerChain ? $"{r.DrawsPerChain} kept draws per chain, not {first.DrawsPerChain}"
                : r.Warmup != first.Warmup ? $"a warm-up of {r.Warmup}, not {first.Warmup}"
                : r.MaxTreeDepth != first.MaxTreeDepth ? $"a tree depth of {r.MaxTreeDepth}, not {first.MaxTreeDepth}"
                : r.Seed != first.Seed ? $"seed {r.Seed}, not {first.Seed}"
                : r.Draws.Info.Dimension != first.Draws.Info.Dimension ? $"{r.Draws.Info.Dimension} parameters, not {first.Draws.Info.Dimension}"
                : string.Empty;
            if (differs.Length > 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Run {i} has {differs} (run 0's): only runs of one sampling's chains combine."), nameof(runs));
            }
        }

        int chains = runs.Sum(r => r.Chains);
        int draws = first.DrawsPerChain;
        var stats = new SamplerStatistics(chains, draws);
        var values = new List<T>(chains * draws * first.Draws.Info.Dimension);
        int at = 0;
        foreach (NutsFit<T> r in runs)
        {
            values.AddRange(r.Draws.Values);
            SamplerStatistics s = r.Statistics;
            s.LogDensity.CopyTo(stats.LogDensity, at);
            s.AcceptStat.CopyTo(stats.AcceptStat, at);
            s.StepSize.CopyTo(stats.StepSize, at);
            s.TreeDepth.CopyTo(stats.TreeDepth, at);
            s.Leapfrogs.CopyTo(stats.Leapfrogs, at);
            s.Divergent.CopyTo(stats.Divergent, at);
            s.Energy.CopyTo(stats.Energy, at);
            at += s.LogDensity.Length;
        }

        return new NutsFit<T>(
            new Draws<T>(first.Draws.Info, [.. values], chains * draws),
            chains,
            draws,
            first.Warmup,
            first.MaxTreeDepth,
            stats,
            [.. runs.SelectMany(r => r._stepSizes)],
            [.. runs.SelectMany(r => r._inverseMetrics)],
            [.. runs.SelectMany(r => r._chainTimes)],
            [.. runs.SelectMany(r => r._warmupTimes)],
            runs.Max(r => r.Elapsed),
            first.Seed,
            runs.Sum(r => r.WarmupLeapfrogs));
    }

    /// <summary>Every kept draw, constrained, chain-major: draws <c>c·DrawsPerChain … (c+1)·DrawsPerChain − 1</c> are chain c's.</summary>
    public Draws<T> Draws { get; }

    /// <summary>
    /// This run with <paramref name="model"/>'s transformed parameters and generated quantities added to every draw
    /// (<see cref="GeneratedQuantities.Generate{T}(Draws{T}, IGeneratedQuantities{T}, ulong)"/>): the statistics,
    /// step sizes and metrics are this run's, so <see cref="NutsCsv"/> writes the quantities as columns after the
    /// parameters, in Stan's order.
    /// </summary>
    /// <exception cref="ArgumentException">The draws are not of this model's layout.</exception>
    public NutsFit<T> Generate(IGeneratedQuantities<T> model, ulong seed) =>
        new(Draws.Generate(model, seed), Chains, DrawsPerChain, Warmup, MaxTreeDepth, Statistics, _stepSizes, _inverseMetrics, _chainTimes, _warmupTimes, Elapsed, Seed, WarmupLeapfrogs);

    /// <summary>Number of chains.</summary>
    public int Chains { get; }

    /// <summary>Kept draws per chain.</summary>
    public int DrawsPerChain { get; }

    /// <summary>Warm-up iterations per chain (not kept).</summary>
    public int Warmup { get; }

    /// <summary>The tree-depth cap the sampler ran with.</summary>
    public int MaxTreeDepth { get; }

    /// <summary>Stan's per-draw sampler statistics (<c>lp__</c>, <c>accept_stat__</c>, …).</summary>
    public SamplerStatistics Statistics { get; }

    /// <summary>The step size each chain adapted to.</summary>
    public ReadOnlySpan<double> StepSizes => _stepSizes;

    /// <summary>The diagonal inverse metric (posterior variance estimate, unconstrained) of chain <paramref name="chain"/>.</summary>
    public ReadOnlySpan<double> InverseMetric(int chain) => _inverseMetrics[chain];

    /// <summary>Divergent transitions after warm-up, over every chain. Any is a warning: the draws may be biased.</summary>
    public int Divergences { get; }

    /// <summary>Transitions after warm-up that stopped at <see cref="MaxTreeDepth"/> rather than at a U-turn (an efficiency warning).</summary>
    public int TreeDepthSaturations { get; }

    /// <summary>E-BFMI of each chain; below 0.3 is a warning.</summary>
    public ReadOnlySpan<double> Ebfmi => _ebfmi;

    /// <summary>Wall time of each chain, warm-up included.</summary>
    public ReadOnlySpan<TimeSpan> ChainTimes => _chainTimes;

    /// <summary>Wall time of each chain's start and warm-up.</summary>
    public ReadOnlySpan<TimeSpan> WarmupTimes => _warmupTimes;

    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The seed used (drawn from the system when none was given).</summary>
    public ulong Seed { get; }

    /// <summary>Total leapfrog steps (gradient evaluations) after warm-up.</summary>
    public long Leapfrogs => Statistics.Leapfrogs.Sum(n => (long)n);

    /// <summary>Total leapfrog steps during warm-up, over every chain (the step-size searches' trial steps aside).</summary>
    public long WarmupLeapfrogs { get; }

    /// <summary>The draws of flat constrained parameter <paramref name="parameter"/>, one array per chain.</summary>
    public double[][] ChainsOf(int parameter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(parameter, Draws.Dimension);
        var result = new double[Chains][];
        for (int c = 0; c < Chains; c++)
        {
            result[c] = new double[DrawsPerChain];
            for (int i = 0; i < DrawsPerChain; i++)
            {
                result[c][i] = double.CreateChecked(Draws[(c * DrawsPerChain) + i, parameter]);
            }
        }

        return result;
    }

    /// <summary>Splits any per-draw quantity (chain-major, like the draws) into one array per chain, for <see cref="Convergence"/>.</summary>
    public double[][] ChainsOf(ReadOnlySpan<double> perDraw)
    {
        if (perDraw.Length != Chains * DrawsPerChain)
        {
            throw new ArgumentException($"Expected one value per draw ({Chains} × {DrawsPerChain} = {Chains * DrawsPerChain}), got {perDraw.Length}.", nameof(perDraw));
        }

        var result = new double[Chains][];
        for (int c = 0; c < Chains; c++)
        {
            result[c] = perDraw.Slice(c * DrawsPerChain, DrawsPerChain).ToArray();
        }

        return result;
    }

    /// <summary>The draws of chain <paramref name="chain"/> alone, as their own <see cref="Draws{T}"/>.</summary>
    public Draws<T> ChainDraws(int chain)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chain);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chain, Chains);
        int d = Draws.Dimension;
        return new Draws<T>(Draws.Info, Draws.Values.Slice(chain * DrawsPerChain * d, DrawsPerChain * d).ToArray(), DrawsPerChain);
    }

    /// <summary>Summary with R-hat and ESS of <c>lp__</c>.</summary>
    public NutsSummary LogDensitySummary() => NutsSummary.Of("lp__", ChainsOf(Statistics.LogDensity));

    /// <summary>Summaries with R-hat and bulk/tail ESS of every scalar parameter, in layout order.</summary>
    public IReadOnlyList<NutsSummary> Summarize()
    {
        var result = new List<NutsSummary>(Draws.Dimension);
        int index = 0;
        foreach (ParameterBlock block in Draws.Info.Parameters)
        {
            for (int i = 0; i < block.Length; i++, index++)
            {
                result.Add(NutsSummary.Of(block.ElementName(i), ChainsOf(index)));
            }
        }

        return result;
    }

    /// <summary>
    /// What should stop a user trusting the draws, in Stan's words: divergences, tree-depth saturation, low E-BFMI.
    /// Empty when none. (R-hat and ESS need <see cref="Summarize"/>, which costs more.)
    /// </summary>
    public IReadOnlyList<string> Warnings()
    {
        var warnings = new List<string>();
        int total = Chains * DrawsPerChain;
        if (Divergences > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{Divergences} of {total} transitions after warm-up were divergent: the draws may be biased. Reparameterise (e.g. non-centred) or raise TargetAcceptance."));
        }

        if (TreeDepthSaturations > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{TreeDepthSaturations} of {total} transitions after warm-up hit the maximum tree depth {MaxTreeDepth}: an efficiency concern, not a validity one."));
        }

        for (int c = 0; c < Chains; c++)
        {
            if (_ebfmi[c] < 0.3)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Chain {c}: E-BFMI {_ebfmi[c]:0.###} is below 0.3: the sampler may not explore the posterior's tails."));
            }
        }

        return warnings;
    }
}

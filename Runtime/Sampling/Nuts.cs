using System.Diagnostics;
using System.Numerics;
using ModelGen.Inference;
using ModelGen.Random;

namespace ModelGen.Sampling;

/// <summary>
/// The No-U-Turn sampler (Hoffman and Gelman 2014) as Stan implements it (Betancourt 2017's multinomial variant),
/// with Stan's warm-up: dual-averaging step-size adaptation and a diagonal metric estimated in expanding windows.
/// It samples the same unconstrained space, with the same transforms and Jacobians, as ADVI.
/// </summary>
/// <remarks>
/// <para>Chains run in parallel, each on its own copy of the density struct (density evaluation is thread-safe) and
/// its own random stream: chain c draws from <c>new Rng(seed).Split(c)</c>, so the draws for a seed do not depend
/// on the number of threads, nor on which chains run together (<see cref="NutsOptions.FirstChain"/>).</para>
/// <para>Like <see cref="Advi.Fit{TDensity, T}"/>, the method is generic over the density struct, so each model gets
/// its own compiled copy with the gradient call inlined. After warm-up a transition allocates nothing.</para>
/// </remarks>
public static class Nuts
{
    // Stan's number of random starts tried before giving up on a chain.
    private const int MaxInitialAttempts = 100;

    /// <summary>Runs <see cref="NutsOptions.Chains"/> chains of NUTS on <paramref name="density"/>.</summary>
    /// <param name="density">The model's density struct; it must cover the whole data set (no minibatches).</param>
    /// <param name="model">The model, for its layout and the map to constrained values.</param>
    /// <param name="options">Options; null for Stan's defaults.</param>
    /// <param name="cancellationToken">Stops every chain within one transition by throwing <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The density is a minibatch density, or an option's length differs from the dimension.</exception>
    /// <exception cref="InvalidOperationException">No start with finite log p and gradient was found, or the step-size search failed.</exception>
    public static NutsFit<T> Sample<TDensity, T>(ref TDensity density, IModel<T> model, NutsOptions? options = null, CancellationToken cancellationToken = default)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new NutsOptions();
        options.Validate();
        int n = density.Dimension;
        ValidateDimension(options, n);
        if (!density.IsFullBatch)
        {
            throw new ArgumentException("NUTS needs the exact log density over the whole data set; this density is a minibatch density. Sample the model with its bound rows.", nameof(density));
        }

        if (!density.NextBatch())
        {
            throw new InvalidOperationException("The batch source gave no batch: NUTS needs the data.");
        }

        ulong seed = options.Seed ?? (ulong)global::System.Random.Shared.NextInt64();

        // A checkpoint is read before anything runs (each chain resumes from its saved state); one of another model, seed, data or options is an error saying which.
        NutsCheckpoint<T>? checkpoint = NutsCheckpoint<T>.Open(options, model.Info, density.DataIdentity, ref seed);
        int chains = options.Chains;
        int draws = options.Draws;
        int constrained = model.Info.Dimension;
        var values = new T[chains * draws * constrained];
        var stats = new SamplerStatistics(chains, draws);
        var stepSizes = new double[chains];
        var metrics = new double[chains][];
        var times = new TimeSpan[chains];
        var warmupLeapfrogs = new long[chains];
        var warmupTimes = new TimeSpan[chains];
        var root = new Rng(seed);
        TDensity shared = density;
        var clock = Stopwatch.StartNew();

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };

        try
        {
            Parallel.For(0, chains, parallel, c =>
            {
                var chain = new NutsChain<TDensity, T>(shared, n, options.MaxTreeDepth, root.Split((ulong)(options.FirstChain + c)), options.InitialInverseMetric is { } m ? m.Span : default);
                warmupLeapfrogs[c] = RunChain(chain, c, model, options, values, stats, checkpoint, cancellationToken, out warmupTimes[c], out times[c]);
                stepSizes[c] = chain.StepSize;
                metrics[c] = chain.InverseMetric.ToArray();
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // Surface the first chain's failure as itself, not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        var all = new Draws.Draws<T>(model.Info, values, chains * draws);
        return new NutsFit<T>(all, chains, draws, options.Warmup, options.MaxTreeDepth, stats, stepSizes, metrics, times, warmupTimes, clock.Elapsed, seed, warmupLeapfrogs.Sum());
    }

    /// <summary>Checks the lengths of <see cref="NutsOptions.InitialPoints"/> and <see cref="NutsOptions.InitialInverseMetric"/> against the density's dimension.</summary>
    private static void ValidateDimension(NutsOptions options, int dimension)
    {
        if (options.InitialInverseMetric is { } metric && metric.Length != dimension)
        {
            throw new ArgumentException($"NutsOptions.InitialInverseMetric has {metric.Length} values; the density has {dimension} unconstrained parameters, so it needs exactly {dimension}.", nameof(options));
        }

        if (options.InitialPoints is { } points)
        {
            for (int c = 0; c < points.Count; c++)
            {
                if (points[c].Length != dimension)
                {
                    throw new ArgumentException($"NutsOptions.InitialPoints[{c}] has {points[c].Length} values; the density has {dimension} unconstrained parameters, so it needs exactly {dimension}.", nameof(options));
                }
            }
        }
    }

    // Returns the warm-up's leapfrog steps. With a checkpoint, the chain starts from its saved state when there is one,
    // saves every Every iterations (warm-up included) and once at its end.
    private static long RunChain<TDensity, T>(NutsChain<TDensity, T> chain, int c, IModel<T> model, NutsOptions options, T[] values, SamplerStatistics stats, NutsCheckpoint<T>? checkpoint, CancellationToken cancellationToken, out TimeSpan warmupTime, out TimeSpan chainTime)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        int warmup = options.Warmup;
        int constrained = model.Info.Dimension;
        StepSizeAdaptation? stepAdaptation = null;
        MetricAdaptation? metricAdaptation = null;
        if (warmup > 0)
        {
            stepAdaptation = new StepSizeAdaptation(options.TargetAcceptance, options.Gamma, options.Kappa, options.T0);
            if (options.AdaptMetric)
            {
                metricAdaptation = new MetricAdaptation(chain.InverseMetric.Length, warmup, options.InitBuffer, options.TermBuffer, options.BaseWindow);
            }
        }

        ChainProgress saved = default;
        if (checkpoint is null || !checkpoint.TryRestore(c, chain, stepAdaptation, metricAdaptation, values, stats, constrained, out saved))
        {
            Initialize(chain, c, options);
            chain.StepSize = options.InitialStepSize;
            if (warmup > 0)
            {
                chain.InitializeStepSize();
                stepAdaptation!.SetMu(Math.Log(10 * options.InitialStepSize));
                stepAdaptation.Restart();
            }
        }

        long warmupLeapfrogs = saved.WarmupLeapfrogs;
        TimeSpan warmupElapsed = saved.Iteration > warmup ? saved.WarmupElapsed : TimeSpan.Zero;
        TimeSpan Elapsed() => saved.Elapsed + clock.Elapsed;
        void Save(int done) => checkpoint!.Save(c, chain, stepAdaptation, metricAdaptation, values, stats, constrained, warmup, new ChainProgress(done, warmupLeapfrogs, Elapsed(), done <= warmup ? Elapsed() : warmupElapsed));

        for (int i = saved.Iteration; i < warmup; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            chain.Transition();
            warmupLeapfrogs += chain.Leapfrogs;
            chain.StepSize = stepAdaptation!.Learn(chain.AcceptStat);
            if (metricAdaptation is not null && metricAdaptation.Learn(chain.InverseMetric, chain.Position))
            {
                // A new metric changes the scale of every direction: search for a step size again and restart the averaging there.
                chain.InitializeStepSize();
                stepAdaptation.SetMu(Math.Log(10 * chain.StepSize));
                stepAdaptation.Restart();
            }

            if (checkpoint is not null && (i + 1) % checkpoint.Every == 0 && i + 1 < warmup + options.Draws)
            {
                Save(i + 1);
            }
        }

        if (saved.Iteration <= warmup)
        {
            if (stepAdaptation is not null)
            {
                chain.StepSize = stepAdaptation.Final;
            }

            warmupElapsed = Elapsed();
        }

        var theta = new T[chain.InverseMetric.Length];
        for (int i = Math.Max(0, saved.Iteration - warmup); i < options.Draws; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            chain.Transition();
            int k = (c * options.Draws) + i;
            chain.CopyPosition(theta);
            model.Constrain(theta, values.AsSpan(k * constrained, constrained));
            stats.LogDensity[k] = chain.LogDensity;
            stats.AcceptStat[k] = chain.AcceptStat;
            stats.StepSize[k] = chain.StepSize;
            stats.TreeDepth[k] = chain.TreeDepth;
            stats.Leapfrogs[k] = chain.Leapfrogs;
            stats.Divergent[k] = chain.Divergent;
            stats.Energy[k] = chain.Energy;
            if (checkpoint is not null && (warmup + i + 1) % checkpoint.Every == 0 && i + 1 < options.Draws)
            {
                Save(warmup + i + 1);
            }
        }

        chainTime = Elapsed();
        warmupTime = warmupElapsed;
        if (checkpoint is not null && saved.Iteration < warmup + options.Draws)
        {
            // The chain's end: a run of the same fit again finds every chain done and gives these draws without sampling.
            Save(warmup + options.Draws);
        }

        return warmupLeapfrogs;
    }

    private static void Initialize<TDensity, T>(NutsChain<TDensity, T> chain, int c, NutsOptions options)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (options.InitialPoints is { } points)
        {
            double[] point = points[points.Count == 1 ? 0 : c];
            if (!chain.TrySetPosition(point))
            {
                throw new InvalidOperationException($"log p or its gradient is not finite at NutsOptions.InitialPoints[{(points.Count == 1 ? 0 : c)}] (chain {c}).");
            }

            return;
        }

        // Stan's random inits: uniform on (−r, r) per coordinate, up to 100 tries, from the chain's own stream.
        var start = new double[chain.InverseMetric.Length];
        for (int attempt = 0; attempt < MaxInitialAttempts; attempt++)
        {
            chain.DrawInitial(start, options.InitialRadius);
            if (chain.TrySetPosition(start))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Chain {c}: no finite log p and gradient at {MaxInitialAttempts} random starts in (−{options.InitialRadius}, {options.InitialRadius}); give NutsOptions.InitialPoints or a smaller InitialRadius.");
    }
}

using ModelGen.Optimizers;

namespace ModelGen.Inference;

/// <summary>
/// Options of an ADVI fit. The defaults reproduce the seed notebook without tuning:
/// Adam at learning rate 0.01, one Monte Carlo draw per step, μ started from N(0, 1) draws and σ at
/// softplus(0) ≈ 0.69.
/// </summary>
public sealed record AdviOptions
{
    /// <summary>
    /// Steps to run, exactly (unless <see cref="Convergence"/> is also set). Null, the default, runs until
    /// <see cref="Convergence"/> (Stan's rule unless set) says the fit has converged, at most <see cref="MaxIterations"/> steps.
    /// </summary>
    public int? Iterations { get; init; }

    /// <summary>The cap when <see cref="Iterations"/> is null. Default 10,000, as Stan's and PyMC's.</summary>
    public int MaxIterations { get; init; } = 10_000;

    /// <summary>
    /// The rule that may stop the fit early. Null, the default, means <see cref="ConvergenceRule.Default"/> when
    /// <see cref="Iterations"/> is null, and no early stop when a count is given.
    /// </summary>
    public ConvergenceRule? Convergence { get; init; }

    /// <summary>
    /// How often a fit whose gradient or ELBO turns non-finite goes back to its last finite state and retries
    /// with a learning rate ten times smaller before it stops as <see cref="StopReason.Diverged"/>. Default 3.
    /// </summary>
    public int DivergenceRetries { get; init; } = 3;

    /// <summary>Saves the fit's state every so many steps, and resumes from the file if it exists; null for none.</summary>
    public CheckpointOptions? Checkpoint { get; init; }

    /// <summary>Called at each ELBO estimate (never on the hot path); null for none.</summary>
    public IProgress<AdviProgress>? Progress { get; init; }

    /// <summary>The step cap this fit runs under.</summary>
    public int Cap => Iterations ?? MaxIterations;

    /// <summary>The convergence rule in force, if any.</summary>
    public ConvergenceRule? EffectiveConvergence => Convergence ?? (Iterations is null ? ConvergenceRule.Default : null);

    /// <summary>The random seed; null draws one from the system, and the fit reports the seed it used.</summary>
    public ulong? Seed { get; init; }

    /// <summary>
    /// The optimizer; default <see cref="Adam"/> with learning rate 0.01. <see cref="StanAdaptive"/> with no η runs
    /// Stan's step-size search first and needs no tuning.
    /// </summary>
    public Optimizer Optimizer { get; init; } = new Adam();

    /// <summary>Monte Carlo draws per gradient step (S). Default 1.</summary>
    public int GradientSamples { get; init; } = 1;

    /// <summary>Draws per ELBO estimate. Default 100, as Stan's <c>elbo_samples</c>.</summary>
    public int ElboSamples { get; init; } = 100;

    /// <summary>Steps between ELBO estimates. Default 100, as Stan's <c>eval_elbo</c>. The estimate is not on the hot path.</summary>
    public int ElboEvery { get; init; } = 100;

    /// <summary>
    /// The Gaussian family to fit: <see cref="VariationalFamily.MeanField"/> (the default) or
    /// <see cref="VariationalFamily.FullRank"/>, which also fits the correlations at O(d²) cost per step.
    /// </summary>
    public VariationalFamily Family { get; init; } = VariationalFamily.MeanField;

    /// <summary>
    /// Where μ starts, in the <em>unconstrained</em> space (a positive parameter's log, …), one value per
    /// coordinate of the model's flat parameter vector; null, the default, draws μ from N(0, <see cref="InitialMeanScale"/>²).
    /// When set, <see cref="InitialMeanScale"/> is not used.
    /// </summary>
    public ReadOnlyMemory<double>? InitialMean { get; init; }

    /// <summary>Standard deviation of the N(0, s²) draws that start μ; 0 starts μ at zero. Default 1.</summary>
    public double InitialMeanScale { get; init; } = 1.0;

    /// <summary>The starting ρ of every coordinate, σ = softplus(ρ). Default 0 (σ ≈ 0.693, as PyMC).</summary>
    public double InitialRho { get; init; }

    /// <summary>
    /// Draws from the fitted approximation for the Pareto-k̂ diagnostic reported with a full-batch fit
    /// (<see cref="AdviFit{T}.ParetoK"/>; Yao et al. 2018). Default 1,000; 0 skips it.
    /// </summary>
    public int ParetoKDraws { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of its domain.</summary>
    public void Validate()
    {
        if (Iterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "AdviOptions.Iterations must be 0 or more.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "AdviOptions.MaxIterations must be at least 1.");
        }

        Convergence?.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(ParetoKDraws, nameof(ParetoKDraws));
        ArgumentOutOfRangeException.ThrowIfNegative(DivergenceRetries, nameof(DivergenceRetries));
        Checkpoint?.Validate();

        if (GradientSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(GradientSamples), GradientSamples, "AdviOptions.GradientSamples must be at least 1.");
        }

        if (ElboSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ElboSamples), ElboSamples, "AdviOptions.ElboSamples must be at least 1.");
        }

        if (ElboEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ElboEvery), ElboEvery, "AdviOptions.ElboEvery must be at least 1.");
        }

        if (!double.IsFinite(InitialMeanScale) || InitialMeanScale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialMeanScale), InitialMeanScale, "AdviOptions.InitialMeanScale must be finite and 0 or more.");
        }

        if (!double.IsFinite(InitialRho))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRho), InitialRho, "AdviOptions.InitialRho must be finite.");
        }

        ArgumentNullException.ThrowIfNull(Optimizer, nameof(Optimizer));
        Optimizer.Validate();
        if (Family is not (VariationalFamily.MeanField or VariationalFamily.FullRank))
        {
            throw new ArgumentOutOfRangeException(nameof(Family), Family, "AdviOptions.Family must be MeanField or FullRank.");
        }

        if (InitialMean is { } initialMean)
        {
            ReadOnlySpan<double> values = initialMean.Span;
            for (int i = 0; i < values.Length; i++)
            {
                if (!double.IsFinite(values[i]))
                {
                    throw new ArgumentException($"AdviOptions.InitialMean[{i}] is {values[i]}; every initial value must be finite.", nameof(InitialMean));
                }
            }
        }
    }
}

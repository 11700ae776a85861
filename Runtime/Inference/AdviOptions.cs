using ModelGen.Optimizers;

namespace ModelGen.Inference;

/// <summary>
/// How an ADVI fit starts, steps and stops (docs/advi-defaults.md has the study behind the default).
/// </summary>
public enum AdviSchedule
{
    /// <summary>
    /// <see cref="Standardized"/> when <see cref="AdviOptions.Iterations"/> is null (the fit decides when to stop), else
    /// <see cref="Legacy"/> (a fit told how many steps to run keeps the behaviour it had before the default changed).
    /// </summary>
    Automatic = 0,

    /// <summary>
    /// The default: start at the MAP (L-BFGS; when there is no mode, the mean-field ELBO's optimum on fixed draws from Pathfinder's approximation) with the approximation's scales and the
    /// optimizer's coordinates taken from the curvature there (<see cref="AdviOptions.Optimizer"/> then steps in units of
    /// posterior sds, whatever the data's scale), and stop by <see cref="StationaryAverage"/>, returning the averaged iterates.
    /// A minibatch fit takes its MAP and curvature from its first batch (without <see cref="AdviOptions.Checkpoint"/>; with one it
    /// starts as <see cref="Legacy"/> does) and does not use the plateau stop.
    /// </summary>
    Standardized = 1,

    /// <summary>
    /// The behaviour before the study: μ from N(0, <see cref="AdviOptions.InitialMeanScale"/>²) draws, σ = softplus(<see cref="AdviOptions.InitialRho"/>),
    /// the optimizer stepping μ and ρ directly, Stan's relative-ELBO rule (<see cref="ConvergenceRule.Stan"/>) when no count is given.
    /// </summary>
    Legacy = 2,
}

/// <summary>
/// Options of an ADVI fit. The defaults fit without tuning on data nobody standardised (<see cref="AdviSchedule.Standardized"/>):
/// Adam at learning rate 0.01 in units of posterior sds, one Monte Carlo draw per step, started at the MAP, stopped when the
/// averaged iterates settle. <see cref="Legacy"/> and <see cref="Stan"/> give the earlier behaviours.
/// </summary>
public sealed record AdviOptions
{
    /// <summary>
    /// Today's behaviour before the default changed: random start, Adam(0.01) on μ and ρ directly, Stan's relative-ELBO rule
    /// (tolerance 0.01) and a cap of 10,000 iterations. Set other options with <c>with</c>.
    /// </summary>
    public static AdviOptions Legacy => new() { Schedule = AdviSchedule.Legacy, MaxIterations = 10_000 };

    /// <summary>
    /// Stan's ADVI (<c>stan::variational::advi</c>): the legacy start, Stan's step-size sequence with its η search
    /// (<see cref="StanAdaptive"/>) and its relative-ELBO rule (tolerance 0.01).
    /// </summary>
    public static AdviOptions Stan => new() { Schedule = AdviSchedule.Legacy, Optimizer = new StanAdaptive(), MaxIterations = 10_000 };

    /// <summary>How the fit starts, steps and stops; default <see cref="AdviSchedule.Automatic"/>.</summary>
    public AdviSchedule Schedule { get; init; }

    /// <summary>The schedule in force: <see cref="Schedule"/> with <see cref="AdviSchedule.Automatic"/> resolved.</summary>
    public AdviSchedule EffectiveSchedule => Schedule != AdviSchedule.Automatic ? Schedule : Iterations is null ? AdviSchedule.Standardized : AdviSchedule.Legacy;

    /// <summary>
    /// Steps to run, exactly (unless <see cref="Convergence"/> is also set). Null, the default, runs until
    /// <see cref="Convergence"/> (Stan's rule unless set) says the fit has converged, at most <see cref="MaxIterations"/> steps.
    /// </summary>
    public int? Iterations { get; init; }

    /// <summary>
    /// The cap when <see cref="Iterations"/> is null. Default 50,000: the default rule stops most fits well before it (the study in
    /// docs/advi-defaults.md); <see cref="Legacy"/> and <see cref="Stan"/> keep Stan's and PyMC's 10,000.
    /// </summary>
    public int MaxIterations { get; init; } = 50_000;

    /// <summary>
    /// The rule that may stop the fit early. Null, the default, means the schedule's rule when <see cref="Iterations"/> is null
    /// (<see cref="ConvergenceRule.Default"/>, or <see cref="ConvergenceRule.Stan"/> under <see cref="AdviSchedule.Legacy"/>), and
    /// no early stop when a count is given.
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
    public ConvergenceRule? EffectiveConvergence => Convergence ?? (Iterations is not null ? null : EffectiveSchedule == AdviSchedule.Legacy ? ConvergenceRule.Stan : ConvergenceRule.Default);

    /// <summary>The random seed; null draws one from the system, and the fit reports the seed it used.</summary>
    public ulong? Seed { get; init; }

    /// <summary>
    /// The optimizer; default <see cref="Adam"/> with learning rate 0.01 (under <see cref="AdviSchedule.Standardized"/> its steps are
    /// in the standardised coordinates, so 0.01 is a hundredth of a posterior sd). <see cref="StanAdaptive"/> with no η runs
    /// Stan's step-size search first.
    /// </summary>
    public Optimizer Optimizer { get; init; } = new Adam();

    /// <summary>
    /// With <see cref="Iterations"/> set: the result is the average of the optimizer's iterates over the last this many steps
    /// (iterate averaging, in the optimizer's coordinates) instead of the last iterate. Default 0 (the last iterate). How
    /// docs/advi-defaults.md finds each model's optimum: a long run at a small step, averaged. Not with <see cref="Checkpoint"/>.
    /// </summary>
    public int AverageLast { get; init; }

    /// <summary>Monte Carlo draws per gradient step (S). Default 1.</summary>
    public int GradientSamples { get; init; } = 1;

    /// <summary>Draws per ELBO estimate. Default 100, as Stan's <c>elbo_samples</c>.</summary>
    public int ElboSamples { get; init; } = 100;

    /// <summary>Steps between ELBO estimates. Default 100, as Stan's <c>eval_elbo</c>. The estimate is not on the hot path.</summary>
    public int ElboEvery { get; init; } = 100;

    /// <summary>
    /// Whether the ELBO estimates' log densities are computed on a second thread while the steps go on (default true). The fit's
    /// thread still draws each estimate's ε from the fit's stream, so the result is the same bit for bit either way: parameters,
    /// ELBO trace, iterations, stop reason and message. The estimates are taken in order; when one stops the fit (its rule, or a
    /// non-finite ELBO), the steps run past it are discarded and the fit goes back to that iteration, as the sequential fit never
    /// left it. Used only where it can pay: on a machine with more than one processor and a full-batch density (a minibatch
    /// density's batches cannot be shared with another thread). Turn it off where every core already runs a fit of its own (the
    /// Orleans fleet does): it saves no processor time, only wall time.
    /// </summary>
    public bool ElboInBackground { get; init; } = true;

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
    /// Where σ starts, one positive value per coordinate of the unconstrained space, with <see cref="InitialMean"/> (required
    /// with it): the fit starts from the approximation N(InitialMean, diag(InitialScale²)), e.g. an earlier fit's
    /// <see cref="AdviFit{T}.Mean"/> and <see cref="AdviFit{T}.StandardDeviation"/> to continue it or to warm-start a refit on
    /// new data. With the default schedule no MAP search runs: the optimizer steps in the coordinates in which that
    /// approximation is N(0, I) (μ = InitialMean + InitialScale ⊙ a, σ = InitialScale ⊙ eᵇ); with
    /// <see cref="AdviSchedule.Legacy"/>, ρ = softplus⁻¹(InitialScale) and <see cref="InitialRho"/> is not used. Null, the
    /// default: the schedule's own start.
    /// </summary>
    public ReadOnlyMemory<double>? InitialScale { get; init; }

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
        ArgumentOutOfRangeException.ThrowIfNegative(AverageLast, nameof(AverageLast));
        if (AverageLast > 0 && (Iterations is null || AverageLast > Iterations || Checkpoint is not null))
        {
            throw new ArgumentOutOfRangeException(nameof(AverageLast), AverageLast, "AdviOptions.AverageLast needs Iterations set, at least AverageLast, and no Checkpoint.");
        }

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
        if (Schedule is not (AdviSchedule.Automatic or AdviSchedule.Standardized or AdviSchedule.Legacy))
        {
            throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, "AdviOptions.Schedule must be Automatic, Standardized or Legacy.");
        }

        if (Family is not (VariationalFamily.MeanField or VariationalFamily.FullRank))
        {
            throw new ArgumentOutOfRangeException(nameof(Family), Family, "AdviOptions.Family must be MeanField or FullRank.");
        }

        if (InitialScale is { } initialScale)
        {
            if (InitialMean is not { } mean || mean.Length != initialScale.Length)
            {
                throw new ArgumentException($"AdviOptions.InitialScale has {initialScale.Length} values and needs AdviOptions.InitialMean with as many (it has {(InitialMean is { } m ? m.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}): a starting approximation is a mean and a scale per coordinate.", nameof(InitialScale));
            }

            ReadOnlySpan<double> scales = initialScale.Span;
            for (int i = 0; i < scales.Length; i++)
            {
                if (!double.IsFinite(scales[i]) || scales[i] <= 0)
                {
                    throw new ArgumentException($"AdviOptions.InitialScale[{i}] is {scales[i]}; every initial scale must be finite and greater than 0.", nameof(InitialScale));
                }
            }
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

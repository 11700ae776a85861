using ModelGen.Inference;
using ModelGen.Optimizers;
using ModelGen.Sampling;

namespace ModelGen.Orleans;

/// <summary>
/// How every fit of a fleet runs: ADVI or NUTS (<see cref="Method"/>), the options that travel to the silos
/// (<see cref="ToAdviOptions"/> and <see cref="ToNutsOptions"/> map them), how often each fit checkpoints into its
/// grain's state, and how many draws each result carries. The seed is fixed (1 unless given) so that a fit is the same
/// wherever and however often it runs.
/// </summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.FleetFitOptions")]
public sealed record FleetFitOptions
{
    /// <summary>Steps to run exactly; null runs to convergence under <see cref="AdviOptions.MaxIterations"/> (<see cref="AdviOptions.Iterations"/>).</summary>
    [Id(0)]
    public int? Iterations { get; init; }

    /// <summary>The cap when <see cref="Iterations"/> is null; null for the runtime's default (<see cref="AdviOptions.MaxIterations"/>).</summary>
    [Id(1)]
    public int? MaxIterations { get; init; }

    /// <summary>Every fit's seed (<see cref="AdviOptions.Seed"/>); default 1. The draws of each result are seeded by it too.</summary>
    [Id(2)]
    public ulong Seed { get; init; } = 1;

    /// <summary>Adam's learning rate; null for the runtime's default optimizer (<see cref="AdviOptions.Optimizer"/>).</summary>
    [Id(3)]
    public double? LearningRate { get; init; }

    /// <summary>Fit the full-rank family rather than mean-field (<see cref="AdviOptions.Family"/>).</summary>
    [Id(4)]
    public bool FullRank { get; init; }

    /// <summary>Steps between ELBO estimates; null for the runtime's default (<see cref="AdviOptions.ElboEvery"/>).</summary>
    [Id(5)]
    public int? ElboEvery { get; init; }

    /// <summary>Draws for each fit's Pareto k̂; null for the runtime's default, 0 to skip (<see cref="AdviOptions.ParetoKDraws"/>).</summary>
    [Id(6)]
    public int? ParetoKDraws { get; init; }

    /// <summary>Steps between checkpoints into the fit's grain state (<see cref="CheckpointOptions.Every"/>; for NUTS, iterations of each chain); default 1,000.</summary>
    [Id(7)]
    public int CheckpointEvery { get; init; } = 1_000;

    /// <summary>
    /// Draws from each fitted approximation returned with its result (<see cref="FitResult.Draws"/>) and summarised;
    /// default 1,000, 0 for none. For NUTS, the kept draws of each chain (<see cref="NutsOptions.Draws"/>, at least 1), all returned.
    /// </summary>
    [Id(8)]
    public int Draws { get; init; } = 1_000;

    /// <summary>Fit by ADVI (the default) or sample by NUTS; a silo samples with NUTS only when the model was registered with its <c>nuts</c> call.</summary>
    [Id(9)]
    public FitMethod Method { get; init; }

    /// <summary>NUTS chains (<see cref="NutsOptions.Chains"/>); default 4. They run one after another on the fit's thread (the silo runs fits side by side).</summary>
    [Id(10)]
    public int Chains { get; init; } = 4;

    /// <summary>NUTS warm-up iterations per chain (<see cref="NutsOptions.Warmup"/>); default 1,000.</summary>
    [Id(11)]
    public int Warmup { get; init; } = 1_000;

    /// <summary>NUTS's tree-depth cap; null for the runtime's default (<see cref="NutsOptions.MaxTreeDepth"/>).</summary>
    [Id(12)]
    public int? MaxTreeDepth { get; init; }

    /// <summary>NUTS's target acceptance; null for the runtime's default (<see cref="NutsOptions.TargetAcceptance"/>).</summary>
    [Id(13)]
    public double? TargetAcceptance { get; init; }

    /// <summary>
    /// Warm start: the name of an earlier fleet of the same model whose result for each key this fleet's fit of that key
    /// starts from (a refit on new data: <see cref="ToAdviOptions"/> and <see cref="ToNutsOptions"/> say how);
    /// null (the default) starts every fit as a solo fit with these options would. A key with no finished, successful
    /// result in that fleet fails with a message naming the key and the fleet.
    /// </summary>
    [Id(14)]
    public string? WarmStartFrom { get; init; }

    /// <summary>
    /// The rule that may stop an ADVI fit early when <see cref="Iterations"/> is null (<see cref="AdviOptions.Convergence"/>);
    /// null for the runtime's default (<see cref="ConvergenceRule.Default"/>). With <see cref="ConvergenceTolerance"/>, the rule's tolerance.
    /// </summary>
    [Id(15)]
    public FleetConvergence? Convergence { get; init; }

    /// <summary>The tolerance of <see cref="Convergence"/>'s rule (its <c>Tolerance</c>); null for the rule's own default.</summary>
    [Id(16)]
    public double? ConvergenceTolerance { get; init; }

    /// <summary>
    /// Where every key's fit starts, in the unconstrained space (one value per coordinate of the model's flat parameter
    /// vector, as <see cref="AdviOptions.InitialMean"/>): ADVI's μ, or every NUTS chain's starting point
    /// (<see cref="NutsOptions.InitialPoints"/>); null for the random start. Not with <see cref="WarmStartFrom"/>.
    /// </summary>
    [Id(17)]
    public FleetValues? InitialValues { get; init; }

    /// <summary>The steps a fit runs at most: ADVI's cap, or every NUTS chain's warm-up and draws.</summary>
    public int StepCap => Method == FitMethod.Nuts ? Chains * (Warmup + Draws) : Iterations ?? ToAdviOptions().Cap;

    /// <summary>
    /// The options of one NUTS run, as a solo <c>model.Nuts(options)</c> on one machine would take them: the same draws,
    /// bit for bit (the chains run one at a time; the draws do not depend on it). Started from <paramref name="previous"/> (a warm start) when given. From a NUTS run:
    /// the warm-up starts from its adapted metric (the chains' inverse metrics, averaged element by element:
    /// <see cref="NutsOptions.InitialInverseMetric"/>) and step size (the chains' mean: <see cref="NutsOptions.InitialStepSize"/>);
    /// the chains' starting points stay random, since a NUTS result's draws are in the model's own (constrained) terms
    /// and the runtime has no map back to the unconstrained space the sampler starts in. From an ADVI fit: every chain
    /// starts at its unconstrained mean μ (<see cref="NutsOptions.InitialPoints"/>), with its variances softplus(ρ)² as
    /// the metric.
    /// </summary>
    /// <param name="previous">The key's earlier result to start from; null (the default) for a cold start.</param>
    public NutsOptions ToNutsOptions(FitResult? previous = null)
    {
        var options = new NutsOptions { Chains = Chains, Warmup = Warmup, Draws = Draws, Seed = Seed, MaxDegreeOfParallelism = 1 };
        if (MaxTreeDepth is int depth)
        {
            options = options with { MaxTreeDepth = depth };
        }

        if (TargetAcceptance is double target)
        {
            options = options with { TargetAcceptance = target };
        }

        if (InitialValues is { } initial)
        {
            options = options with { InitialPoints = [initial.Values] };
        }

        if (previous is null)
        {
            return options;
        }

        if (previous.Method == FitMethod.Nuts)
        {
            int chains = previous.StepSizes.Length;
            if (chains == 0 || previous.InverseMetrics.Length % chains != 0)
            {
                throw new ArgumentException($"The warm start of key '{previous.Key}' needs its NUTS run's step sizes and adapted metrics; the result holds {chains} step sizes and {previous.InverseMetrics.Length} metric values.", nameof(previous));
            }

            int d = previous.InverseMetrics.Length / chains;
            var metric = new double[d];
            for (int c = 0; c < chains; c++)
            {
                for (int i = 0; i < d; i++)
                {
                    metric[i] += previous.InverseMetrics[(c * d) + i];
                }
            }

            for (int i = 0; i < d; i++)
            {
                metric[i] /= chains;
            }

            return options with { InitialInverseMetric = metric, InitialStepSize = previous.StepSizes.Average() };
        }

        var variances = new double[previous.Rho.Length];
        for (int i = 0; i < variances.Length; i++)
        {
            double sigma = Constraints.Transform.Softplus(previous.Rho[i], out _, out _, out _);
            variances[i] = sigma * sigma;
        }

        return options with { InitialPoints = [previous.Mean], InitialInverseMetric = variances };
    }

    /// <summary>
    /// The options of one fit, as a solo <c>model.Fit(options)</c> on one machine would take them: the same fit, bit for
    /// bit. Started from <paramref name="previous"/> (a warm start) when given: the fit starts at the previous
    /// approximation, its unconstrained mean and scales softplus(ρ) (<see cref="AdviOptions.InitialMean"/> and
    /// <see cref="AdviOptions.InitialScale"/>; for a full-rank fit, its factor's diagonal): no MAP search, the steps taken
    /// in the coordinates in which that approximation is N(0, I). An ADVI warm start needs an ADVI result: a NUTS run's draws are in the
    /// model's own terms, which the runtime cannot map back to the unconstrained space.
    /// </summary>
    /// <param name="previous">The key's earlier result to start from; null (the default) for a cold start.</param>
    public AdviOptions ToAdviOptions(FitResult? previous = null)
    {
        // A silo runs a fit per core (FleetSilo.MaxConcurrentFits): no core is idle for a fit's ELBO estimates to use, so they stay
        // on the fit's thread (the result is the same bit for bit either way).
        var options = new AdviOptions { Iterations = Iterations, Seed = Seed, Family = FullRank ? VariationalFamily.FullRank : VariationalFamily.MeanField, ElboInBackground = false };
        if (MaxIterations is int cap)
        {
            options = options with { MaxIterations = cap };
        }

        if (LearningRate is double rate)
        {
            options = options with { Optimizer = new Adam(rate) };
        }

        if (ElboEvery is int every)
        {
            options = options with { ElboEvery = every };
        }

        if (ParetoKDraws is int draws)
        {
            options = options with { ParetoKDraws = draws };
        }

        if (previous is not null)
        {
            if (previous.Method != FitMethod.Advi || previous.Mean.Length == 0)
            {
                throw new ArgumentException($"The warm start of key '{previous.Key}' needs an ADVI fit's mean μ; its result is a {previous.Method} run, whose draws are in the model's own terms (an ADVI fleet can warm-start only from an ADVI fleet).", nameof(previous));
            }

            double[] scale = Array.ConvertAll(previous.Rho, rho => ModelGen.Constraints.Transform.Softplus(rho, out _, out _, out _));
            options = options with { InitialMean = previous.Mean, InitialScale = scale };
        }

        if (InitialValues is { } initial)
        {
            options = options with { InitialMean = initial.Values };
        }

        if (Convergence is { } rule)
        {
            options = options with
            {
                Convergence = (rule, ConvergenceTolerance) switch
                {
                    (FleetConvergence.StationaryAverage, null) => new StationaryAverage(),
                    (FleetConvergence.StationaryAverage, double t) => new StationaryAverage(Tolerance: t),
                    (FleetConvergence.RelativeElboChange, null) => new RelativeElboChange(),
                    (FleetConvergence.RelativeElboChange, double t) => new RelativeElboChange(Tolerance: t),
                    (FleetConvergence.ParameterChange, null) => new ParameterChange(),
                    (FleetConvergence.ParameterChange, double t) => new ParameterChange(Tolerance: t),
                    _ => throw new InvalidOperationException($"FleetFitOptions.Convergence is {rule}; it must be StationaryAverage, RelativeElboChange or ParameterChange."),
                },
            };
        }

        return options;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of its domain (the ADVI options' own checks included).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointEvery, 1, nameof(CheckpointEvery));
        ArgumentOutOfRangeException.ThrowIfNegative(Draws, nameof(Draws));
        if (WarmStartFrom is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(WarmStartFrom, nameof(WarmStartFrom));
            if (InitialValues is not null)
            {
                throw new ArgumentException($"FleetFitOptions.InitialValues and WarmStartFrom ('{WarmStartFrom}') are both set; a fit starts from one of them.", nameof(InitialValues));
            }
        }

        if (InitialValues is { } initial && Array.FindIndex(initial.Values, v => !double.IsFinite(v)) is int bad and >= 0)
        {
            throw new ArgumentException($"FleetFitOptions.InitialValues[{bad}] is {initial.Values[bad]}; every starting value must be finite.", nameof(InitialValues));
        }

        if (ConvergenceTolerance is not null && Convergence is null)
        {
            throw new ArgumentException("FleetFitOptions.ConvergenceTolerance is set without Convergence: name the rule it is the tolerance of.", nameof(ConvergenceTolerance));
        }

        if (Method == FitMethod.Nuts)
        {
            ToNutsOptions().Validate();
        }
        else
        {
            ToAdviOptions().Validate();
        }
    }
}

/// <summary>The convergence rules a fleet's ADVI fits may stop by (the runtime's <see cref="ConvergenceRule"/> kinds).</summary>
public enum FleetConvergence
{
    /// <summary><see cref="Inference.StationaryAverage"/>: the default schedule's rule.</summary>
    StationaryAverage,

    /// <summary><see cref="Inference.RelativeElboChange"/>: Stan's rule.</summary>
    RelativeElboChange,

    /// <summary><see cref="Inference.ParameterChange"/>: the relative change of the parameters.</summary>
    ParameterChange,
}

/// <summary>
/// Values that travel in <see cref="FleetFitOptions"/> (e.g. <see cref="FleetFitOptions.InitialValues"/>), equal when
/// their elements are, so that a fleet submitted again with the same values is the same fleet.
/// </summary>
/// <param name="Values">The values.</param>
[GenerateSerializer]
[Alias("ModelGen.Orleans.FleetValues")]
public sealed record FleetValues([property: Id(0)] double[] Values)
{
    /// <inheritdoc/>
    public bool Equals(FleetValues? other) => other is not null && Values.AsSpan().SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (double v in Values)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}

/// <summary>How a fleet's fits run.</summary>
public enum FitMethod
{
    /// <summary>ADVI (<c>model.Fit</c>).</summary>
    Advi,

    /// <summary>NUTS (<c>model.Nuts</c>).</summary>
    Nuts,
}

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

    /// <summary>The steps a fit runs at most: ADVI's cap, or every NUTS chain's warm-up and draws.</summary>
    public int StepCap => Method == FitMethod.Nuts ? Chains * (Warmup + Draws) : Iterations ?? ToAdviOptions().Cap;

    /// <summary>
    /// The options of one NUTS run, as a solo <c>model.Nuts(options)</c> on one machine would take them: the same draws,
    /// bit for bit (the chains run one at a time; the draws do not depend on it).
    /// </summary>
    public NutsOptions ToNutsOptions()
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

        return options;
    }

    /// <summary>The options of one fit, as a solo <c>model.Fit(options)</c> on one machine would take them: the same fit, bit for bit.</summary>
    public AdviOptions ToAdviOptions()
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

        return options;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of its domain (the ADVI options' own checks included).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointEvery, 1, nameof(CheckpointEvery));
        ArgumentOutOfRangeException.ThrowIfNegative(Draws, nameof(Draws));
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

/// <summary>How a fleet's fits run.</summary>
public enum FitMethod
{
    /// <summary>ADVI (<c>model.Fit</c>).</summary>
    Advi,

    /// <summary>NUTS (<c>model.Nuts</c>).</summary>
    Nuts,
}

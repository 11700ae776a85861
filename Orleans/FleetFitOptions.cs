using ModelGen.Inference;
using ModelGen.Optimizers;

namespace ModelGen.Orleans;

/// <summary>
/// How every fit of a fleet runs: the ADVI options that travel to the silos (<see cref="ToAdviOptions"/> maps them),
/// how often each fit checkpoints into its grain's state, and how many draws each result carries. The seed is fixed
/// (1 unless given) so that a fit is the same wherever and however often it runs.
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

    /// <summary>Steps between checkpoints into the fit's grain state (<see cref="CheckpointOptions.Every"/>); default 1,000.</summary>
    [Id(7)]
    public int CheckpointEvery { get; init; } = 1_000;

    /// <summary>Draws from each fitted approximation returned with its result (<see cref="FitResult.Draws"/>) and summarised; default 1,000, 0 for none.</summary>
    [Id(8)]
    public int Draws { get; init; } = 1_000;

    /// <summary>The options of one fit, as a solo <c>model.Fit(options)</c> on one machine would take them: the same fit, bit for bit.</summary>
    public AdviOptions ToAdviOptions()
    {
        var options = new AdviOptions { Iterations = Iterations, Seed = Seed, Family = FullRank ? VariationalFamily.FullRank : VariationalFamily.MeanField };
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
        ToAdviOptions().Validate();
    }
}

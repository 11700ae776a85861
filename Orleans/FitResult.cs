namespace ModelGen.Orleans;

/// <summary>
/// One key's fit, as its grain finished it. ADVI: the fitted approximation (<see cref="Mean"/> and <see cref="Rho"/> in the
/// unconstrained space, exactly as <c>AdviFit.Mean</c> and <c>AdviFit.Rho</c>), its ELBO trace, draws in the model's own
/// terms with their summaries. NUTS: every chain's kept draws (chain-major) with their summaries, R-hat and ESS, the
/// step sizes, divergences and warnings. Or, when the key's data or fit failed, <see cref="Error"/>. Values are doubles whatever
/// the model's element type (a float widens exactly).
/// </summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.FitResult")]
public sealed record FitResult
{
    /// <summary>The key the fit is for.</summary>
    [Id(0)]
    public required string Key { get; init; }

    /// <summary>Why the fit failed (for data that fails the model's bind checks, the <c>ModelDataException</c>'s message); null when it succeeded.</summary>
    [Id(1)]
    public string? Error { get; init; }

    /// <summary>The failure's exception type (e.g. <c>ModelGen.Data.ModelDataException</c>); null when the fit succeeded.</summary>
    [Id(2)]
    public string? ErrorType { get; init; }

    /// <summary>Whether the fit ran (it may still have stopped as diverged: see <see cref="StopReason"/>).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Steps run (<c>AdviFit.Iterations</c>).</summary>
    [Id(3)]
    public int Iterations { get; init; }

    /// <summary>Why the fit stopped (<c>AdviFit.StopReason</c>, by name).</summary>
    [Id(4)]
    public string? StopReason { get; init; }

    /// <summary>The fit's message (<c>AdviFit.Message</c>).</summary>
    [Id(5)]
    public string? Message { get; init; }

    /// <summary>The variational means μ, unconstrained.</summary>
    [Id(6)]
    public double[] Mean { get; init; } = [];

    /// <summary>The variational ρ, σ = softplus ρ (for a full-rank fit, the diagonal of its Cholesky factor; the draws carry the correlations).</summary>
    [Id(7)]
    public double[] Rho { get; init; } = [];

    /// <summary>The iterations of the ELBO estimates.</summary>
    [Id(8)]
    public int[] ElboIterations { get; init; } = [];

    /// <summary>The ELBO estimates, one per <see cref="ElboIterations"/> entry.</summary>
    [Id(9)]
    public double[] Elbo { get; init; } = [];

    /// <summary>The parameters' names (Stan style, one per element), the columns of <see cref="Draws"/>.</summary>
    [Id(10)]
    public string[] Columns { get; init; } = [];

    /// <summary><see cref="FleetFitOptions.Draws"/> draws from the fitted approximation in the model's own terms, draw-major (draw d's values at d × Columns.Length).</summary>
    [Id(11)]
    public double[] Draws { get; init; } = [];

    /// <summary>Each parameter element's summary of the draws (mean, sd, 5/50/95 %).</summary>
    [Id(12)]
    public ParameterSummaryRow[] Summaries { get; init; } = [];

    /// <summary>Pareto k̂ of the fit, when computed.</summary>
    [Id(13)]
    public double? ParetoK { get; init; }

    /// <summary>
    /// How many times the fit started again after its first start: from its last checkpoint, once per silo lost
    /// mid-fit (or a storage fault). Counted in the grain's state, so a start whose silo died before its first checkpoint may go uncounted.
    /// </summary>
    [Id(14)]
    public int Restarts { get; init; }

    /// <summary>How the fit ran: <see cref="FitMethod.Advi"/> or <see cref="FitMethod.Nuts"/>.</summary>
    [Id(15)]
    public FitMethod Method { get; init; }

    /// <summary>NUTS: divergent transitions after warm-up, over every chain (<c>NutsFit.Divergences</c>).</summary>
    [Id(16)]
    public int Divergences { get; init; }

    /// <summary>NUTS: the step size each chain adapted to (<c>NutsFit.StepSizes</c>).</summary>
    [Id(17)]
    public double[] StepSizes { get; init; } = [];

    /// <summary>NUTS: the run's warnings (<c>NutsFit.Warnings()</c>: divergences, tree-depth saturation, E-BFMI); empty when none.</summary>
    [Id(18)]
    public string[] Warnings { get; init; } = [];

    /// <summary>
    /// Of the <see cref="Restarts"/>, those its Orleans reminder made (<see cref="FleetSiloOptions.ResumeEvery"/>): a
    /// tick activated the grain of a fit whose silo died, which resumed it, with no driver calling it.
    /// </summary>
    [Id(19)]
    public int ReminderStarts { get; init; }

    /// <summary>NUTS: each chain's adapted diagonal inverse metric (<c>NutsFit.InverseMetric(chain)</c>), chain-major, one value per unconstrained coordinate: what a warm start begins from.</summary>
    [Id(20)]
    public double[] InverseMetrics { get; init; } = [];

    /// <summary>The earlier fleet this fit was warm-started from (<see cref="FleetFitOptions.WarmStartFrom"/>); null for a cold start.</summary>
    [Id(21)]
    public string? WarmStartedFrom { get; init; }

    /// <summary>
    /// ADVI: the fitted approximation as the file <c>AdviFit.Save</c> writes, byte for byte (docs/outputs.md's format);
    /// written to a file, <c>AdviFit&lt;T&gt;.Load(path, model)</c> reads it back bound to the key's model, which then
    /// samples exactly as the fleet's fit did. Empty for NUTS (its draws are the result) and for a failed fit.
    /// </summary>
    [Id(22)]
    public byte[] Posterior { get; init; } = [];

    /// <summary>The fit was cancelled before it finished (<see cref="FitFleet{TModel}.CancelAsync"/>, or a cancelled <c>FitAsync</c>): <see cref="Error"/> says after how many steps.</summary>
    [Id(23)]
    public bool Cancelled { get; init; }
}

/// <summary>One parameter element's summary of a fit's draws, as <c>ModelGen.Draws.ParameterSummary</c>.</summary>
[GenerateSerializer]
[Alias("ModelGen.Orleans.ParameterSummaryRow")]
public sealed record ParameterSummaryRow(
    [property: Id(0)] string Name,
    [property: Id(1)] double Mean,
    [property: Id(2)] double StandardDeviation,
    [property: Id(3)] double Q5,
    [property: Id(4)] double Q50,
    [property: Id(5)] double Q95)
{
    /// <summary>NUTS: the rank-normalised split R-hat over the chains (<c>NutsSummary.Rhat</c>); null for ADVI.</summary>
    [Id(6)]
    public double? Rhat { get; init; }

    /// <summary>NUTS: the bulk effective sample size (<c>NutsSummary.EssBulk</c>); null for ADVI.</summary>
    [Id(7)]
    public double? EssBulk { get; init; }
}

/// <summary>Where a fleet stands: reported after each sweep over the unfinished fits.</summary>
/// <param name="Total">Keys submitted.</param>
/// <param name="Succeeded">Keys whose fit finished.</param>
/// <param name="Failed">Keys whose data or fit failed.</param>
/// <param name="Steps">Steps done over every key (finished fits count their steps, running ones those reported).</param>
/// <param name="Elapsed">Time since the fleet was submitted.</param>
public readonly record struct FleetProgress(int Total, int Succeeded, int Failed, long Steps, TimeSpan Elapsed)
{
    /// <summary>Keys finished either way.</summary>
    public int Completed => Succeeded + Failed;
}

namespace ModelGen.Sampling;

/// <summary>
/// Options of <see cref="Nuts.Sample{TDensity, T}"/>. The defaults are CmdStan's <c>sample</c> defaults: 4 chains,
/// 1,000 warm-up and 1,000 kept iterations, target acceptance 0.8, maximum tree depth 10, a diagonal metric adapted
/// in windows of 75 / 25, 50, 100, … / 50 iterations, dual averaging with γ 0.05, κ 0.75, t₀ 10.
/// </summary>
public sealed partial record NutsOptions
{
    /// <summary>Chains, each with its own random stream. Default 4.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warm-up (adaptation) iterations per chain; their draws are not kept. Default 1,000.</summary>
    public int Warmup { get; init; } = 1_000;

    /// <summary>Kept iterations per chain after warm-up. Default 1,000.</summary>
    public int Draws { get; init; } = 1_000;

    /// <summary>The seed; chain c uses stream c of it. Null draws one from the system (then read it back from <see cref="NutsFit{T}.Seed"/>).</summary>
    public ulong? Seed { get; init; }

    /// <summary>The target mean acceptance statistic of the step-size adaptation, in (0, 1). Default 0.8 (Stan's <c>delta</c>).</summary>
    public double TargetAcceptance { get; init; } = 0.8;

    /// <summary>Most doublings of a trajectory; a transition that reaches it stops there (reported as saturation). Default 10.</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>The step size the warm-up starts from (before Stan's doubling/halving heuristic). Default 1.</summary>
    public double InitialStepSize { get; init; } = 1.0;

    /// <summary>Dual averaging's regularisation scale γ. Default 0.05.</summary>
    public double Gamma { get; init; } = 0.05;

    /// <summary>Dual averaging's relaxation exponent κ. Default 0.75.</summary>
    public double Kappa { get; init; } = 0.75;

    /// <summary>Dual averaging's iteration offset t₀. Default 10.</summary>
    public double T0 { get; init; } = 10;

    /// <summary>Warm-up iterations before the first metric window (step size only). Default 75.</summary>
    public int InitBuffer { get; init; } = 75;

    /// <summary>Warm-up iterations after the last metric window (step size only). Default 50.</summary>
    public int TermBuffer { get; init; } = 50;

    /// <summary>The first metric window; each next one doubles, the last stretches to the terminal buffer. Default 25.</summary>
    public int BaseWindow { get; init; } = 25;

    /// <summary>Whether the warm-up adapts the diagonal metric (inverse mass matrix). Default true; false keeps <see cref="InitialInverseMetric"/>.</summary>
    public bool AdaptMetric { get; init; } = true;

    /// <summary>
    /// The diagonal inverse metric to start from, one positive value per unconstrained coordinate (e.g. an ADVI fit's
    /// variances); null starts from the identity, as Stan does.
    /// </summary>
    public ReadOnlyMemory<double>? InitialInverseMetric { get; init; }

    /// <summary>
    /// Starting points in the unconstrained space: one (shared by every chain) or one per chain, each with one value per
    /// coordinate. Null draws each chain's start uniformly from (−<see cref="InitialRadius"/>, <see cref="InitialRadius"/>).
    /// </summary>
    public IReadOnlyList<double[]>? InitialPoints { get; init; }

    /// <summary>The half-width of the uniform random starts. Default 2, as Stan's.</summary>
    public double InitialRadius { get; init; } = 2.0;

    /// <summary>Chains run at once; null uses every core. The draws are the same whatever the value.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// The first chain's number: this run's chains are chains <c>FirstChain</c>, …, <c>FirstChain + Chains − 1</c> of a
    /// larger run with the same seed (chain c draws from <c>new Rng(seed).Split(c)</c>), so runs of one chain each, on
    /// separate machines, are that run's chains bit for bit and <see cref="NutsFit{T}.Combine"/> puts them together.
    /// <see cref="InitialPoints"/> still holds one point (shared) or one per chain of this run. Default 0.
    /// </summary>
    public int FirstChain { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> (or <see cref="ArgumentException"/>) naming the first option out of its domain.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Chains, 1, nameof(Chains));
        ArgumentOutOfRangeException.ThrowIfNegative(FirstChain, nameof(FirstChain));
        ArgumentOutOfRangeException.ThrowIfNegative(Warmup, nameof(Warmup));
        ArgumentOutOfRangeException.ThrowIfLessThan(Draws, 1, nameof(Draws));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTreeDepth, 1, nameof(MaxTreeDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTreeDepth, 30, nameof(MaxTreeDepth));
        ArgumentOutOfRangeException.ThrowIfNegative(InitBuffer, nameof(InitBuffer));
        ArgumentOutOfRangeException.ThrowIfNegative(TermBuffer, nameof(TermBuffer));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseWindow, 1, nameof(BaseWindow));
        if (!(TargetAcceptance > 0 && TargetAcceptance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetAcceptance), TargetAcceptance, "NutsOptions.TargetAcceptance must be in (0, 1).");
        }

        RequirePositiveFinite(InitialStepSize, nameof(InitialStepSize));
        RequirePositiveFinite(Gamma, nameof(Gamma));
        RequirePositiveFinite(Kappa, nameof(Kappa));
        RequirePositiveFinite(T0, nameof(T0));
        if (!double.IsFinite(InitialRadius) || InitialRadius < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRadius), InitialRadius, "NutsOptions.InitialRadius must be finite and 0 or more.");
        }

        Checkpoint?.Validate();
        if (MaxDegreeOfParallelism is { } parallel)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1, nameof(MaxDegreeOfParallelism));
        }

        if (InitialInverseMetric is { } metric)
        {
            ReadOnlySpan<double> values = metric.Span;
            for (int i = 0; i < values.Length; i++)
            {
                if (!double.IsFinite(values[i]) || values[i] <= 0)
                {
                    throw new ArgumentException($"NutsOptions.InitialInverseMetric[{i}] is {values[i]}; every element must be finite and positive.", nameof(InitialInverseMetric));
                }
            }
        }

        if (InitialPoints is { } points)
        {
            if (points.Count != 1 && points.Count != Chains)
            {
                throw new ArgumentException($"NutsOptions.InitialPoints has {points.Count} points; give 1 (shared) or one per chain ({Chains}).", nameof(InitialPoints));
            }

            for (int c = 0; c < points.Count; c++)
            {
                double[] point = points[c] ?? throw new ArgumentException($"NutsOptions.InitialPoints[{c}] is null.", nameof(InitialPoints));
                for (int i = 0; i < point.Length; i++)
                {
                    if (!double.IsFinite(point[i]))
                    {
                        throw new ArgumentException($"NutsOptions.InitialPoints[{c}][{i}] is {point[i]}; every initial value must be finite.", nameof(InitialPoints));
                    }
                }
            }
        }
    }

    private static void RequirePositiveFinite(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"NutsOptions.{name} must be finite and greater than 0.");
        }
    }
}

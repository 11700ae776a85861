namespace ModelGen.Sampling;

/// <summary>
/// Stan's per-draw sampler statistics, one value per kept draw, chain-major (chain 0's draws first), in the
/// order of <see cref="NutsFit{T}.Draws"/>.
/// </summary>
public sealed class SamplerStatistics
{
    internal SamplerStatistics(int chains, int draws)
    {
        Chains = chains;
        DrawsPerChain = draws;
        int total = chains * draws;
        LogDensity = new double[total];
        AcceptStat = new double[total];
        StepSize = new double[total];
        TreeDepth = new int[total];
        Leapfrogs = new int[total];
        Divergent = new bool[total];
        Energy = new double[total];
    }

    /// <summary>Number of chains.</summary>
    public int Chains { get; }

    /// <summary>Kept draws per chain.</summary>
    public int DrawsPerChain { get; }

    /// <summary><c>lp__</c>: log p(θ, y) at the draw, in the unconstrained space (Jacobians included), with every normalising constant.</summary>
    public double[] LogDensity { get; }

    /// <summary><c>accept_stat__</c>: the transition's mean Metropolis acceptance probability over its leapfrog states.</summary>
    public double[] AcceptStat { get; }

    /// <summary><c>stepsize__</c>: the leapfrog step size (fixed after warm-up, one per chain).</summary>
    public double[] StepSize { get; }

    /// <summary><c>treedepth__</c>: the doublings the trajectory made.</summary>
    public int[] TreeDepth { get; }

    /// <summary><c>n_leapfrog__</c>: leapfrog steps (gradient evaluations) of the transition.</summary>
    public int[] Leapfrogs { get; }

    /// <summary><c>divergent__</c>: whether the trajectory ended on a divergence (energy error above 1,000).</summary>
    public bool[] Divergent { get; }

    /// <summary><c>energy__</c>: the Hamiltonian −log p + ½pᵀM⁻¹p at the draw.</summary>
    public double[] Energy { get; }

    /// <summary>The values of one chain: <c>stats.OfChain(stats.Energy, c)</c>.</summary>
    public ReadOnlySpan<TValue> OfChain<TValue>(TValue[] statistic, int chain)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfNegative(chain);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chain, Chains);
        return statistic.AsSpan(chain * DrawsPerChain, DrawsPerChain);
    }
}

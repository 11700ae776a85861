using System.Numerics;
using ModelGen.Diagnostics;
using ModelGen.Draws;

namespace ModelGen.Inference;

/// <summary>One Pathfinder path: its L-BFGS search, the ELBO along it and the iterate whose approximation was kept.</summary>
/// <param name="Succeeded">Whether the path produced an approximation.</param>
/// <param name="Iterations">Accepted L-BFGS iterations.</param>
/// <param name="BestIteration">The iterate (1-based) whose approximation had the highest ELBO; −1 when none.</param>
/// <param name="BestElbo">That ELBO estimate.</param>
/// <param name="Elbo">The ELBO estimate at each iterate 1…<paramref name="Iterations"/> (−∞ where the approximation failed).</param>
/// <param name="GradientEvaluations">Density-and-gradient evaluations of the search, line searches included.</param>
/// <param name="DensityEvaluations">Density evaluations for the ELBO estimates and the path's draws.</param>
/// <param name="StopReason">Why L-BFGS stopped; null when it could not start.</param>
/// <param name="Message">What happened, in words.</param>
public sealed record PathfinderPath(bool Succeeded, int Iterations, int BestIteration, double BestElbo, double[] Elbo, int GradientEvaluations, int DensityEvaluations, MapStopReason? StopReason, string Message);

/// <summary>The result of <see cref="Pathfinder.Fit{TDensity, T}"/>: draws, their log densities, and what each path did.</summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class PathfinderFit<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] _unconstrained;
    private readonly double[] _logDensity;
    private readonly double[] _logApproximation;

    internal PathfinderFit(Draws<T> draws, double[] unconstrained, double[] logDensity, double[] logApproximation, PathfinderPath[] paths, ParetoK paretoK, bool exactWeights, int gradientEvaluations, int densityEvaluations, TimeSpan elapsed, ulong seed, string message)
    {
        Draws = draws;
        _unconstrained = unconstrained;
        _logDensity = logDensity;
        _logApproximation = logApproximation;
        Paths = paths;
        ParetoK = paretoK;
        ExactWeights = exactWeights;
        GradientEvaluations = gradientEvaluations;
        DensityEvaluations = densityEvaluations;
        Elapsed = elapsed;
        Seed = seed;
        Message = message;
    }

    /// <summary>The draws, constrained (the model's own values), draws × parameters.</summary>
    public Draws<T> Draws { get; }

    /// <summary>log p(θ, y) at each draw (Stan's <c>lp__</c>), Jacobian included.</summary>
    public ReadOnlySpan<double> LogDensity => _logDensity;

    /// <summary>log q(θ) of the approximation the draw came from (Stan's <c>lp_approx__</c>).</summary>
    public ReadOnlySpan<double> LogApproximation => _logApproximation;

    /// <summary>Draw <paramref name="draw"/> in the unconstrained space (θ, as the density takes it).</summary>
    public ReadOnlySpan<double> Unconstrained(int draw) => _unconstrained.AsSpan(draw * (_unconstrained.Length / Draws.Count), _unconstrained.Length / Draws.Count);

    /// <summary>
    /// <paramref name="count"/> distinct-as-possible draws in the unconstrained space, spread over the draws, for
    /// <c>NutsOptions.InitialPoints</c>: Stan's recommended start for NUTS.
    /// </summary>
    public IReadOnlyList<double[]> InitialPoints(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var points = new double[count][];
        for (int c = 0; c < count; c++)
        {
            points[c] = Unconstrained((int)((long)c * Draws.Count / count)).ToArray();
        }

        return points;
    }

    /// <summary>Each path's search and choice.</summary>
    public IReadOnlyList<PathfinderPath> Paths { get; }

    /// <summary>k̂ of the importance ratios log p − log q over the pooled draws: how far the approximation is from the posterior.</summary>
    public ParetoK ParetoK { get; }

    /// <summary>
    /// True when every importance ratio log p − log q is the same: the approximation is the posterior up to its constant
    /// (a Gaussian posterior), the weights are uniform, and <see cref="ParetoK"/> is ∞ only because there is no tail to fit.
    /// </summary>
    public bool ExactWeights { get; }

    /// <summary>Density-and-gradient evaluations over every path (the L-BFGS searches).</summary>
    public int GradientEvaluations { get; }

    /// <summary>Density evaluations without gradient (ELBO estimates and draws).</summary>
    public int DensityEvaluations { get; }

    /// <summary>Wall time.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The seed the run used (the option's, or the one drawn when it was null).</summary>
    public ulong Seed { get; }

    /// <summary>
    /// Whether the draws were resampled by their Pareto-smoothed importance weights (multi-path with resampling), so
    /// they stand for the posterior itself; otherwise they are the approximations' own draws.
    /// </summary>
    public bool Resampled { get; internal init; }

    /// <summary>What was done and how far to trust it, in words.</summary>
    public string Message { get; }
}

using System.Numerics;

namespace ModelGen.Inference;

/// <summary>Why <see cref="Map.Optimize{TDensity, T}"/> stopped.</summary>
public enum MapStopReason
{
    /// <summary>The objective changed by less than <see cref="MapOptions.ObjectiveTolerance"/>.</summary>
    ObjectiveConverged = 0,

    /// <summary>The relative change of the objective fell below <see cref="MapOptions.RelativeObjectiveTolerance"/> · ε.</summary>
    RelativeObjectiveConverged = 1,

    /// <summary>The gradient's norm fell below <see cref="MapOptions.GradientTolerance"/>.</summary>
    GradientConverged = 2,

    /// <summary>The relative gradient gᵀH⁻¹g / |log p| fell below <see cref="MapOptions.RelativeGradientTolerance"/> · ε.</summary>
    RelativeGradientConverged = 3,

    /// <summary>A step moved the point by less than <see cref="MapOptions.ParameterTolerance"/>.</summary>
    ParameterConverged = 4,

    /// <summary><see cref="MapOptions.MaxIterations"/> iterations ran without meeting a tolerance.</summary>
    IterationLimit = 5,

    /// <summary>
    /// No step along the search direction increased log p enough (Armijo). Usually the point is optimal to the
    /// precision of <c>T</c> (common with <see cref="float"/> models), sometimes the density is not smooth there.
    /// </summary>
    LineSearchFailed = 6,

    /// <summary>The cancellation token was signalled; the result holds the best point reached.</summary>
    Cancelled = 7,
}

/// <summary>The result of <see cref="Map.Optimize{TDensity, T}"/>: the mode found and how the search ended.</summary>
/// <typeparam name="T">The model's element type.</typeparam>
public sealed class MapResult<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _point;

    internal MapResult(T[] point, double logDensity, double gradientNorm, int iterations, int evaluations, MapStopReason stopReason, string message)
    {
        _point = point;
        LogDensity = logDensity;
        GradientNorm = gradientNorm;
        Iterations = iterations;
        Evaluations = evaluations;
        StopReason = stopReason;
        Message = message;
    }

    /// <summary>The mode, in the unconstrained space (map it with the model's <c>Constrain</c>).</summary>
    public ReadOnlySpan<T> Point => _point;

    /// <summary>log p at <see cref="Point"/>, as the density computes it (Jacobian included).</summary>
    public double LogDensity { get; }

    /// <summary>The Euclidean norm of ∇ log p at <see cref="Point"/>.</summary>
    public double GradientNorm { get; }

    /// <summary>Accepted L-BFGS steps.</summary>
    public int Iterations { get; }

    /// <summary>Density and gradient evaluations, line searches included.</summary>
    public int Evaluations { get; }

    /// <summary>Why the search stopped.</summary>
    public MapStopReason StopReason { get; }

    /// <summary>Whether a convergence tolerance was met (rather than a limit, a failed line search or cancellation).</summary>
    public bool Converged => StopReason <= MapStopReason.ParameterConverged;

    /// <summary>How the search ended, in words.</summary>
    public string Message { get; }
}

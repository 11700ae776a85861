namespace ModelGen.Inference;

/// <summary>
/// Options of <see cref="Map.Optimize{TDensity, T}"/>. The defaults are CmdStan's <c>optimize algorithm=lbfgs</c>
/// defaults: history 5 there, 7 here (a little more curvature memory costs nothing at these sizes), 2,000
/// iterations, initial step 0.001, and the same five convergence tolerances.
/// </summary>
public sealed record MapOptions
{
    /// <summary>Most L-BFGS iterations (accepted steps). Default 2,000, as Stan's <c>iter</c>.</summary>
    public int MaxIterations { get; init; } = 2_000;

    /// <summary>Correction pairs (s, y) L-BFGS keeps. Default 7.</summary>
    public int HistorySize { get; init; } = 7;

    /// <summary>
    /// The starting point in the unconstrained space, one value per coordinate; null, the default, draws each
    /// coordinate uniformly from (−<see cref="InitialRadius"/>, <see cref="InitialRadius"/>), as Stan does.
    /// </summary>
    public ReadOnlyMemory<double>? InitialPoint { get; init; }

    /// <summary>The half-width of the uniform draws that start the search when <see cref="InitialPoint"/> is null; 0 starts at zero. Default 2, as Stan's.</summary>
    public double InitialRadius { get; init; } = 2.0;

    /// <summary>The seed of the random start; null draws one from the system.</summary>
    public ulong? Seed { get; init; }

    /// <summary>The first line search's trial step along the steepest-ascent direction. Default 0.001, as Stan's <c>init_alpha</c>.</summary>
    public double InitialStepSize { get; init; } = 0.001;

    /// <summary>Converged when the objective changes by less than this between iterations. Default 1e-12, as Stan's <c>tol_obj</c>.</summary>
    public double ObjectiveTolerance { get; init; } = 1e-12;

    /// <summary>
    /// Converged when |Δ log p| / max(|log p|, |previous log p|, ε) is below this multiple of machine ε (2.2e-16).
    /// Default 1e4, as Stan's <c>tol_rel_obj</c>.
    /// </summary>
    public double RelativeObjectiveTolerance { get; init; } = 1e4;

    /// <summary>Converged when the gradient's Euclidean norm is below this. Default 1e-8, as Stan's <c>tol_grad</c>.</summary>
    public double GradientTolerance { get; init; } = 1e-8;

    /// <summary>
    /// Converged when gᵀH⁻¹g / max(|log p|, ε), with H⁻¹ L-BFGS's inverse-Hessian estimate, is below this multiple of
    /// machine ε. Default 1e7, as Stan's <c>tol_rel_grad</c>.
    /// </summary>
    public double RelativeGradientTolerance { get; init; } = 1e7;

    /// <summary>Converged when a step moves the point by less than this (Euclidean norm). Default 1e-8, as Stan's <c>tol_param</c>.</summary>
    public double ParameterTolerance { get; init; } = 1e-8;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> (or <see cref="ArgumentException"/>) naming the first option out of its domain.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxIterations, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistorySize, 1, nameof(HistorySize));
        RequireNonNegativeFinite(InitialRadius, nameof(InitialRadius));
        RequirePositiveFinite(InitialStepSize, nameof(InitialStepSize));
        RequireNonNegativeFinite(ObjectiveTolerance, nameof(ObjectiveTolerance));
        RequireNonNegativeFinite(RelativeObjectiveTolerance, nameof(RelativeObjectiveTolerance));
        RequireNonNegativeFinite(GradientTolerance, nameof(GradientTolerance));
        RequireNonNegativeFinite(RelativeGradientTolerance, nameof(RelativeGradientTolerance));
        RequireNonNegativeFinite(ParameterTolerance, nameof(ParameterTolerance));
        if (InitialPoint is { } initial)
        {
            ReadOnlySpan<double> values = initial.Span;
            for (int i = 0; i < values.Length; i++)
            {
                if (!double.IsFinite(values[i]))
                {
                    throw new ArgumentException($"MapOptions.InitialPoint[{i}] is {values[i]}; every initial value must be finite.", nameof(InitialPoint));
                }
            }
        }
    }

    private static void RequirePositiveFinite(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"MapOptions.{name} must be finite and greater than 0.");
        }
    }

    private static void RequireNonNegativeFinite(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"MapOptions.{name} must be finite and 0 or more.");
        }
    }
}

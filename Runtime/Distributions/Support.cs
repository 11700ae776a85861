namespace ModelGen.Distributions;

/// <summary>
/// Where a distribution puts its mass, so the generator can pick the constraint transform of a parameter that
/// carries the prior (see <see cref="ModelGen.Constraints.TransformKind"/>).
/// </summary>
public enum Support
{
    /// <summary>The real line (−∞, ∞).</summary>
    Real,

    /// <summary>The positive half line: (0, ∞), or [0, ∞) where the density is finite at 0 (half distributions, exponential).</summary>
    Positive,

    /// <summary>The open unit interval (0, 1).</summary>
    UnitInterval,

    /// <summary>An interval [lower, upper] given by the distribution's arguments.</summary>
    Interval,
}

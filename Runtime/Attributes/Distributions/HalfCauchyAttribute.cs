namespace ModelGen;

/// <summary>
/// The half-Cauchy distribution: |X| for X ~ Cauchy(0, beta), on x ≥ 0; a common prior for scales (eight schools).
/// Support x > 0: the parameter is positive, sampled through x = exp(u) unless <see cref="DistributionAttribute.Transform"/> says otherwise.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class HalfCauchyAttribute : DistributionAttribute
{
    /// <summary>HalfCauchy(beta) with constant arguments.</summary>
    /// <param name="beta">The scale, > 0.</param>
    public HalfCauchyAttribute(double beta)
    {
        Beta = beta;
    }

    /// <summary>HalfCauchy(beta) with <paramref name="beta"/> taken from the named parameter.</summary>
    /// <param name="beta">The scale, > 0.</param>
    public HalfCauchyAttribute(string beta)
    {
        BetaFrom = beta;
    }

    /// <summary>The constant beta, when <see cref="BetaFrom"/> is null.</summary>
    public double Beta { get; }

    /// <summary>The parameter giving beta, or null for the constant <see cref="Beta"/>.</summary>
    public string? BetaFrom { get; }
}

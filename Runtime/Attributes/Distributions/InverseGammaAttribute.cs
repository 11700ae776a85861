namespace ModelGen;

/// <summary>
/// The inverse-gamma distribution with shape alpha and scale beta: 1/X for X ~ Gamma(alpha, beta).
/// Support x > 0: the parameter is positive, sampled through x = exp(u) unless <see cref="DistributionAttribute.Transform"/> says otherwise.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class InverseGammaAttribute : DistributionAttribute
{
    /// <summary>InverseGamma(alpha, beta) with constant arguments.</summary>
    /// <param name="alpha">The shape, > 0.</param>
    /// <param name="beta">The scale, > 0.</param>
    public InverseGammaAttribute(double alpha, double beta)
    {
        Alpha = alpha;
        Beta = beta;
    }

    /// <summary>InverseGamma(alpha, beta) with <paramref name="beta"/> taken from the named parameter.</summary>
    /// <param name="alpha">The shape, > 0.</param>
    /// <param name="beta">The scale, > 0.</param>
    public InverseGammaAttribute(double alpha, string beta)
    {
        Alpha = alpha;
        BetaFrom = beta;
    }

    /// <summary>InverseGamma(alpha, beta) with <paramref name="alpha"/> taken from the named parameter.</summary>
    /// <param name="alpha">The shape, > 0.</param>
    /// <param name="beta">The scale, > 0.</param>
    public InverseGammaAttribute(string alpha, double beta)
    {
        AlphaFrom = alpha;
        Beta = beta;
    }

    /// <summary>InverseGamma(alpha, beta) with <paramref name="alpha"/> and <paramref name="beta"/> taken from the named parameters.</summary>
    /// <param name="alpha">The shape, > 0.</param>
    /// <param name="beta">The scale, > 0.</param>
    public InverseGammaAttribute(string alpha, string beta)
    {
        AlphaFrom = alpha;
        BetaFrom = beta;
    }

    /// <summary>The constant alpha, when <see cref="AlphaFrom"/> is null.</summary>
    public double Alpha { get; }

    /// <summary>The parameter giving alpha, or null for the constant <see cref="Alpha"/>.</summary>
    public string? AlphaFrom { get; }

    /// <summary>The constant beta, when <see cref="BetaFrom"/> is null.</summary>
    public double Beta { get; }

    /// <summary>The parameter giving beta, or null for the constant <see cref="Beta"/>.</summary>
    public string? BetaFrom { get; }
}

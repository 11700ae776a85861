namespace ModelGen;

/// <summary>
/// The Cauchy distribution with location alpha and scale beta.
/// Support: the real line; no transform.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class CauchyAttribute : DistributionAttribute
{
    /// <summary>Cauchy(alpha, beta) with constant arguments.</summary>
    /// <param name="alpha">The location.</param>
    /// <param name="beta">The scale, > 0.</param>
    public CauchyAttribute(double alpha, double beta)
    {
        Alpha = alpha;
        Beta = beta;
    }

    /// <summary>Cauchy(alpha, beta) with <paramref name="beta"/> taken from the named parameter.</summary>
    /// <param name="alpha">The location.</param>
    /// <param name="beta">The scale, > 0.</param>
    public CauchyAttribute(double alpha, string beta)
    {
        Alpha = alpha;
        BetaFrom = beta;
    }

    /// <summary>Cauchy(alpha, beta) with <paramref name="alpha"/> taken from the named parameter.</summary>
    /// <param name="alpha">The location.</param>
    /// <param name="beta">The scale, > 0.</param>
    public CauchyAttribute(string alpha, double beta)
    {
        AlphaFrom = alpha;
        Beta = beta;
    }

    /// <summary>Cauchy(alpha, beta) with <paramref name="alpha"/> and <paramref name="beta"/> taken from the named parameters.</summary>
    /// <param name="alpha">The location.</param>
    /// <param name="beta">The scale, > 0.</param>
    public CauchyAttribute(string alpha, string beta)
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

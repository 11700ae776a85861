namespace ModelGen;

/// <summary>
/// The beta distribution on (0, 1).
/// Support 0 &lt; x &lt; 1: the parameter is sampled through x = logistic(u), whose log-Jacobian the density includes.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class BetaAttribute : DistributionAttribute
{
    /// <summary>Beta(alpha, beta) with constant arguments.</summary>
    /// <param name="alpha">The first shape, > 0.</param>
    /// <param name="beta">The second shape, > 0.</param>
    public BetaAttribute(double alpha, double beta)
    {
        Alpha = alpha;
        Beta = beta;
    }

    /// <summary>Beta(alpha, beta) with <paramref name="beta"/> taken from the named parameter.</summary>
    /// <param name="alpha">The first shape, > 0.</param>
    /// <param name="beta">The second shape, > 0.</param>
    public BetaAttribute(double alpha, string beta)
    {
        Alpha = alpha;
        BetaFrom = beta;
    }

    /// <summary>Beta(alpha, beta) with <paramref name="alpha"/> taken from the named parameter.</summary>
    /// <param name="alpha">The first shape, > 0.</param>
    /// <param name="beta">The second shape, > 0.</param>
    public BetaAttribute(string alpha, double beta)
    {
        AlphaFrom = alpha;
        Beta = beta;
    }

    /// <summary>Beta(alpha, beta) with <paramref name="alpha"/> and <paramref name="beta"/> taken from the named parameters.</summary>
    /// <param name="alpha">The first shape, > 0.</param>
    /// <param name="beta">The second shape, > 0.</param>
    public BetaAttribute(string alpha, string beta)
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

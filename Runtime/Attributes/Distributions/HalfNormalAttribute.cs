namespace ModelGen;

/// <summary>
/// The half-normal distribution: |X| for X ~ N(0, sigma), density 2·N(x | 0, sigma) on x ≥ 0.
/// Support x > 0: the parameter is positive, sampled through x = exp(u) unless <see cref="DistributionAttribute.Transform"/> says otherwise.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class HalfNormalAttribute : DistributionAttribute
{
    /// <summary>HalfNormal(sigma) with constant arguments.</summary>
    /// <param name="sigma">The scale, > 0.</param>
    public HalfNormalAttribute(double sigma)
    {
        Sigma = sigma;
    }

    /// <summary>HalfNormal(sigma) with <paramref name="sigma"/> taken from the named parameter.</summary>
    /// <param name="sigma">The scale, > 0.</param>
    public HalfNormalAttribute(string sigma)
    {
        SigmaFrom = sigma;
    }

    /// <summary>The constant sigma, when <see cref="SigmaFrom"/> is null.</summary>
    public double Sigma { get; }

    /// <summary>The parameter giving sigma, or null for the constant <see cref="Sigma"/>.</summary>
    public string? SigmaFrom { get; }
}

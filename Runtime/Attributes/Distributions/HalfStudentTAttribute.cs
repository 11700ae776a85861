namespace ModelGen;

/// <summary>
/// The half Student-t distribution: |X| for X ~ StudentT(nu, 0, sigma), on x ≥ 0.
/// Support x > 0: the parameter is positive, sampled through x = exp(u) unless <see cref="DistributionAttribute.Transform"/> says otherwise.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class HalfStudentTAttribute : DistributionAttribute
{
    /// <summary>HalfStudentT(nu, sigma) with constant arguments.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public HalfStudentTAttribute(double nu, double sigma)
    {
        Nu = nu;
        Sigma = sigma;
    }

    /// <summary>HalfStudentT(nu, sigma) with <paramref name="sigma"/> taken from the named parameter.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public HalfStudentTAttribute(double nu, string sigma)
    {
        Nu = nu;
        SigmaFrom = sigma;
    }

    /// <summary>HalfStudentT(nu, sigma) with <paramref name="nu"/> taken from the named parameter.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public HalfStudentTAttribute(string nu, double sigma)
    {
        NuFrom = nu;
        Sigma = sigma;
    }

    /// <summary>HalfStudentT(nu, sigma) with <paramref name="nu"/> and <paramref name="sigma"/> taken from the named parameters.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public HalfStudentTAttribute(string nu, string sigma)
    {
        NuFrom = nu;
        SigmaFrom = sigma;
    }

    /// <summary>The constant nu, when <see cref="NuFrom"/> is null.</summary>
    public double Nu { get; }

    /// <summary>The parameter giving nu, or null for the constant <see cref="Nu"/>.</summary>
    public string? NuFrom { get; }

    /// <summary>The constant sigma, when <see cref="SigmaFrom"/> is null.</summary>
    public double Sigma { get; }

    /// <summary>The parameter giving sigma, or null for the constant <see cref="Sigma"/>.</summary>
    public string? SigmaFrom { get; }
}

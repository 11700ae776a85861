namespace ModelGen;

/// <summary>
/// Student's t distribution with nu degrees of freedom, location mu and scale sigma.
/// Support: the real line; no transform.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class StudentTAttribute : DistributionAttribute
{
    /// <summary>StudentT(nu, mu, sigma) with constant arguments.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="mu">The location.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public StudentTAttribute(double nu, double mu, double sigma)
    {
        Nu = nu;
        Mu = mu;
        Sigma = sigma;
    }

    /// <summary>StudentT(nu, mu, sigma) with <paramref name="sigma"/> taken from the named parameter.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="mu">The location.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public StudentTAttribute(double nu, double mu, string sigma)
    {
        Nu = nu;
        Mu = mu;
        SigmaFrom = sigma;
    }

    /// <summary>StudentT(nu, mu, sigma) with <paramref name="mu"/> taken from the named parameter.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="mu">The location.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public StudentTAttribute(double nu, string mu, double sigma)
    {
        Nu = nu;
        MuFrom = mu;
        Sigma = sigma;
    }

    /// <summary>StudentT(nu, mu, sigma) with <paramref name="mu"/> and <paramref name="sigma"/> taken from the named parameters.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="mu">The location.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public StudentTAttribute(double nu, string mu, string sigma)
    {
        Nu = nu;
        MuFrom = mu;
        SigmaFrom = sigma;
    }

    /// <summary>StudentT(nu, mu, sigma) with <paramref name="nu"/> taken from the named parameter.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="mu">The location.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public StudentTAttribute(string nu, double mu, double sigma)
    {
        NuFrom = nu;
        Mu = mu;
        Sigma = sigma;
    }

    /// <summary>StudentT(nu, mu, sigma) with <paramref name="nu"/> and <paramref name="sigma"/> taken from the named parameters.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="mu">The location.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public StudentTAttribute(string nu, double mu, string sigma)
    {
        NuFrom = nu;
        Mu = mu;
        SigmaFrom = sigma;
    }

    /// <summary>StudentT(nu, mu, sigma) with <paramref name="nu"/> and <paramref name="mu"/> taken from the named parameters.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="mu">The location.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public StudentTAttribute(string nu, string mu, double sigma)
    {
        NuFrom = nu;
        MuFrom = mu;
        Sigma = sigma;
    }

    /// <summary>StudentT(nu, mu, sigma) with <paramref name="nu"/> and <paramref name="mu"/> and <paramref name="sigma"/> taken from the named parameters.</summary>
    /// <param name="nu">The degrees of freedom, > 0.</param>
    /// <param name="mu">The location.</param>
    /// <param name="sigma">The scale, > 0.</param>
    public StudentTAttribute(string nu, string mu, string sigma)
    {
        NuFrom = nu;
        MuFrom = mu;
        SigmaFrom = sigma;
    }

    /// <summary>The constant nu, when <see cref="NuFrom"/> is null.</summary>
    public double Nu { get; }

    /// <summary>The parameter giving nu, or null for the constant <see cref="Nu"/>.</summary>
    public string? NuFrom { get; }

    /// <summary>The constant mu, when <see cref="MuFrom"/> is null.</summary>
    public double Mu { get; }

    /// <summary>The parameter giving mu, or null for the constant <see cref="Mu"/>.</summary>
    public string? MuFrom { get; }

    /// <summary>The constant sigma, when <see cref="SigmaFrom"/> is null.</summary>
    public double Sigma { get; }

    /// <summary>The parameter giving sigma, or null for the constant <see cref="Sigma"/>.</summary>
    public string? SigmaFrom { get; }

    /// <summary>
    /// Likelihood only: a parameter added to each row's linear predictor, by <c>nameof</c>: a scalar, or a
    /// <c>[Size(nameof(Group))]</c> vector whose element the row's group picks (varying intercepts, PyMC's
    /// <c>a[county_idx] + ...</c>). Null for none.
    /// </summary>
    public string? Intercept { get; set; }
}

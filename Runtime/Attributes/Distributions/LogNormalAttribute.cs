namespace ModelGen;

/// <summary>
/// The log-normal distribution: exp(X) for X ~ N(mu, sigma).
/// Support x > 0: the parameter is positive, sampled through x = exp(u) unless <see cref="DistributionAttribute.Transform"/> says otherwise.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class LogNormalAttribute : DistributionAttribute
{
    /// <summary>LogNormal(mu, sigma) with constant arguments.</summary>
    /// <param name="mu">The mean of log x.</param>
    /// <param name="sigma">The standard deviation of log x, > 0.</param>
    public LogNormalAttribute(double mu, double sigma)
    {
        Mu = mu;
        Sigma = sigma;
    }

    /// <summary>LogNormal(mu, sigma) with <paramref name="sigma"/> taken from the named parameter.</summary>
    /// <param name="mu">The mean of log x.</param>
    /// <param name="sigma">The standard deviation of log x, > 0.</param>
    public LogNormalAttribute(double mu, string sigma)
    {
        Mu = mu;
        SigmaFrom = sigma;
    }

    /// <summary>LogNormal(mu, sigma) with <paramref name="mu"/> taken from the named parameter.</summary>
    /// <param name="mu">The mean of log x.</param>
    /// <param name="sigma">The standard deviation of log x, > 0.</param>
    public LogNormalAttribute(string mu, double sigma)
    {
        MuFrom = mu;
        Sigma = sigma;
    }

    /// <summary>LogNormal(mu, sigma) with <paramref name="mu"/> and <paramref name="sigma"/> taken from the named parameters.</summary>
    /// <param name="mu">The mean of log x.</param>
    /// <param name="sigma">The standard deviation of log x, > 0.</param>
    public LogNormalAttribute(string mu, string sigma)
    {
        MuFrom = mu;
        SigmaFrom = sigma;
    }

    /// <summary>The constant mu, when <see cref="MuFrom"/> is null.</summary>
    public double Mu { get; }

    /// <summary>The parameter giving mu, or null for the constant <see cref="Mu"/>.</summary>
    public string? MuFrom { get; }

    /// <summary>The constant sigma, when <see cref="SigmaFrom"/> is null.</summary>
    public double Sigma { get; }

    /// <summary>The parameter giving sigma, or null for the constant <see cref="Sigma"/>.</summary>
    public string? SigmaFrom { get; }
}

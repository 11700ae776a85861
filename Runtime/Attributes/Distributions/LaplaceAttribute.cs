namespace ModelGen;

/// <summary>
/// The Laplace (double exponential) distribution: density exp(−|x − mu|/b) / 2b.
/// Support: the real line; no transform.
/// On a <c>Parameter</c> or a <c>Layer</c> it is the prior; every argument is a constant or, through the
/// string overloads, the name of another parameter (use <c>nameof</c>): a scalar, or one value per layer unit.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class LaplaceAttribute : DistributionAttribute
{
    /// <summary>Laplace(mu, b) with constant arguments.</summary>
    /// <param name="mu">The location.</param>
    /// <param name="b">The scale, > 0.</param>
    public LaplaceAttribute(double mu, double b)
    {
        Mu = mu;
        B = b;
    }

    /// <summary>Laplace(mu, b) with <paramref name="b"/> taken from the named parameter.</summary>
    /// <param name="mu">The location.</param>
    /// <param name="b">The scale, > 0.</param>
    public LaplaceAttribute(double mu, string b)
    {
        Mu = mu;
        BFrom = b;
    }

    /// <summary>Laplace(mu, b) with <paramref name="mu"/> taken from the named parameter.</summary>
    /// <param name="mu">The location.</param>
    /// <param name="b">The scale, > 0.</param>
    public LaplaceAttribute(string mu, double b)
    {
        MuFrom = mu;
        B = b;
    }

    /// <summary>Laplace(mu, b) with <paramref name="mu"/> and <paramref name="b"/> taken from the named parameters.</summary>
    /// <param name="mu">The location.</param>
    /// <param name="b">The scale, > 0.</param>
    public LaplaceAttribute(string mu, string b)
    {
        MuFrom = mu;
        BFrom = b;
    }

    /// <summary>The constant mu, when <see cref="MuFrom"/> is null.</summary>
    public double Mu { get; }

    /// <summary>The parameter giving mu, or null for the constant <see cref="Mu"/>.</summary>
    public string? MuFrom { get; }

    /// <summary>The constant b, when <see cref="BFrom"/> is null.</summary>
    public double B { get; }

    /// <summary>The parameter giving b, or null for the constant <see cref="B"/>.</summary>
    public string? BFrom { get; }
}

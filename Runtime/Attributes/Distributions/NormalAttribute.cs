namespace ModelGen;

/// <summary>
/// The normal distribution N(mu, sigma). Its role follows from the property it is on:
/// <list type="bullet">
/// <item>on a parameter (a <c>Layer</c>) it is the prior of every weight (and bias) of that member,
/// or of the block <see cref="DistributionAttribute.Part"/> selects;</item>
/// <item>on an <c>Observed</c> property it is the likelihood: <c>mu</c> names the layer giving each
/// row's mean, <c>sigma</c> is the fixed noise scale.</item>
/// </list>
/// Each argument is a constant or, through the string overloads, the name of another model element
/// (use <c>nameof</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class NormalAttribute : DistributionAttribute
{
    /// <summary>N(mu, sigma) with constant arguments.</summary>
    public NormalAttribute(double mu, double sigma)
    {
        Mu = mu;
        Sigma = sigma;
    }

    /// <summary>N(mu, sigma) with the mean taken from the element named <paramref name="mu"/>.</summary>
    public NormalAttribute(string mu, double sigma)
    {
        MuFrom = mu;
        Sigma = sigma;
    }

    /// <summary>N(mu, sigma) with the scale taken from the element named <paramref name="sigma"/>.</summary>
    public NormalAttribute(double mu, string sigma)
    {
        Mu = mu;
        SigmaFrom = sigma;
    }

    /// <summary>N(mu, sigma) with both arguments taken from named elements.</summary>
    public NormalAttribute(string mu, string sigma)
    {
        MuFrom = mu;
        SigmaFrom = sigma;
    }

    /// <summary>The constant mean, when <see cref="MuFrom"/> is null.</summary>
    public double Mu { get; }

    /// <summary>The element giving the mean, or null for the constant <see cref="Mu"/>.</summary>
    public string? MuFrom { get; }

    /// <summary>The constant scale, when <see cref="SigmaFrom"/> is null.</summary>
    public double Sigma { get; }

    /// <summary>The element giving the scale, or null for the constant <see cref="Sigma"/>.</summary>
    public string? SigmaFrom { get; }

    /// <summary>
    /// As a prior whose mu or sigma names another parameter: sample z ~ N(0, 1) and set x = mu + sigma·z (the
    /// non-centred parameterisation), which removes the funnel a small sigma makes in the posterior of
    /// hierarchical models. Draws still report x.
    /// </summary>
    public bool NonCentered { get; set; }

    /// <summary>
    /// Likelihood only: a parameter added to each row's linear predictor, by <c>nameof</c>: a scalar, or a
    /// <c>[Size(nameof(Group))]</c> vector whose element the row's group picks (varying intercepts, PyMC's
    /// <c>a[county_idx] + ...</c>). Null for none.
    /// </summary>
    public string? Intercept { get; set; }
}

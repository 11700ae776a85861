namespace ModelGen;

/// <summary>
/// The negative binomial likelihood for over-dispersed counts, on an <c>Observed</c> property, in its mean and
/// dispersion form (Stan's <c>neg_binomial_2</c>, PyMC's <c>NegativeBinomial(mu, alpha)</c>): mean μ = exp(logMean),
/// variance μ + μ²/φ. Observations must be whole numbers ≥ 0.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class NegativeBinomialAttribute : Attribute
{
    /// <summary>A fixed dispersion.</summary>
    /// <param name="logMean">The layer whose single unit is the log of each row's mean; use <c>nameof</c>.</param>
    /// <param name="dispersion">φ &gt; 0; small values mean strong over-dispersion, large ones approach the Poisson.</param>
    public NegativeBinomialAttribute(string logMean, double dispersion)
    {
        LogMean = logMean;
        Dispersion = dispersion;
    }

    /// <summary>A learned dispersion.</summary>
    /// <param name="logMean">The layer whose single unit is the log of each row's mean; use <c>nameof</c>.</param>
    /// <param name="dispersion">The scalar parameter, with a positive prior, that is φ; use <c>nameof</c>.</param>
    public NegativeBinomialAttribute(string logMean, string dispersion)
    {
        LogMean = logMean;
        DispersionFrom = dispersion;
    }

    /// <summary>The layer giving the log mean.</summary>
    public string LogMean { get; }

    /// <summary>The constant dispersion, when <see cref="DispersionFrom"/> is null.</summary>
    public double Dispersion { get; }

    /// <summary>The parameter giving the dispersion, or null for the constant <see cref="Dispersion"/>.</summary>
    public string? DispersionFrom { get; }

    /// <summary>
    /// Likelihood only: a parameter added to each row's linear predictor, by <c>nameof</c>: a scalar, or a
    /// <c>[Size(nameof(Group))]</c> vector whose element the row's group picks (varying intercepts, PyMC's
    /// <c>a[county_idx] + ...</c>). Null for none.
    /// </summary>
    public string? Intercept { get; set; }
}

namespace ModelGen;

/// <summary>
/// The Poisson likelihood for counts, on an <c>Observed</c> property: y ~ Poisson(exp(<see cref="LogRate"/>)), the
/// log link of a Poisson regression (PyMC's <c>Poisson(mu=pm.math.exp(eta))</c>). Observations must be whole numbers ≥ 0.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class PoissonAttribute : Attribute
{
    /// <summary>The layer whose single unit is the log of each row's rate.</summary>
    public string? LogRate { get; set; }

    /// <summary>
    /// Likelihood only: a parameter added to each row's linear predictor, by <c>nameof</c>: a scalar, or a
    /// <c>[Size(nameof(Group))]</c> vector whose element the row's group picks (varying intercepts, PyMC's
    /// <c>a[county_idx] + ...</c>). Null for none.
    /// </summary>
    public string? Intercept { get; set; }
}

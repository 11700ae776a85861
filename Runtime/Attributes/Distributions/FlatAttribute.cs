namespace ModelGen;

/// <summary>
/// The improper flat prior on the real line: log density 0 everywhere (PyMC's <c>Flat</c>, Stan's default for an
/// unbounded parameter). It takes no argument. It is a choice, not a default: a parameter with no prior is still an
/// error (MG0004). The posterior is proper only if the likelihood alone makes it so (docs/dsl.md, "Flat priors");
/// <c>SamplePrior</c> refuses a model with a flat prior, since there is nothing to draw from.
/// Support: the real line; no transform.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class FlatAttribute : DistributionAttribute
{
    /// <summary>Flat(): p(x) ∝ 1 on the real line.</summary>
    public FlatAttribute()
    {
    }
}

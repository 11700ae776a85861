namespace ModelGen;

/// <summary>
/// The improper flat prior on the positive half-line: log density 0 for x &gt; 0 (PyMC's <c>HalfFlat</c>). It takes
/// no argument. The parameter is positive, fitted through x = exp(u) (unless <see cref="DistributionAttribute.Transform"/>
/// says otherwise) like every positive prior, so the fit's density includes the transform's log-Jacobian: flat in x,
/// not in log x. The posterior is proper only if the likelihood alone makes it so (docs/dsl.md, "Flat priors");
/// <c>SamplePrior</c> refuses a model with a flat prior, since there is nothing to draw from.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class HalfFlatAttribute : DistributionAttribute
{
    /// <summary>HalfFlat(): p(x) ∝ 1 for x &gt; 0.</summary>
    public HalfFlatAttribute()
    {
    }
}

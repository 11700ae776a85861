namespace ModelGen;

/// <summary>
/// What every distribution attribute shares. On a <c>Parameter</c> or a <c>Layer</c> the attribute is the
/// prior; on an <c>Observed</c> property it is the likelihood. The parameter is sampled in an
/// unconstrained space: the transform follows from the distribution's support (positive through log,
/// an interval through a scaled logit, as in PyMC), and the log density includes its log-Jacobian.
/// </summary>
public abstract class DistributionAttribute : Attribute
{
    /// <summary>As a prior on a layer: which parameter block it applies to.</summary>
    public LayerPart Part { get; set; }

    /// <summary>
    /// Overrides the transform the support implies: <see cref="ParameterTransform.Softplus"/> instead of log for a
    /// positive parameter. <see cref="ParameterTransform.Auto"/>, the default, follows the support.
    /// </summary>
    public ParameterTransform Transform { get; set; }
}

/// <summary>How a constrained parameter is mapped from the unconstrained space the fit works in.</summary>
public enum ParameterTransform
{
    /// <summary>The support decides: none on the real line, log for x &gt; 0, scaled logit for an interval.</summary>
    Auto = 0,

    /// <summary>x = exp(u) for a positive parameter: scale-invariant, the default.</summary>
    Log = 1,

    /// <summary>x = log(1 + eᵘ) for a positive parameter: close to linear for large values, gentler gradients near 0.</summary>
    Softplus = 2,
}

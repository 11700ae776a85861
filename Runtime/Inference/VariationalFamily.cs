namespace ModelGen.Inference;

/// <summary>The Gaussian family ADVI fits in the unconstrained space.</summary>
public enum VariationalFamily
{
    /// <summary>
    /// q = N(μ, diag σ²), σ = softplus(ρ): 2d variational parameters, O(d) per step, no correlations. The default.
    /// </summary>
    MeanField = 0,

    /// <summary>
    /// q = N(μ, LLᵀ) with L lower-triangular, its diagonal σ = softplus(ρ) as in <see cref="MeanField"/> and its
    /// d(d − 1)/2 strictly-lower entries free: captures posterior correlations at O(d²) per step.
    /// </summary>
    FullRank = 1,
}

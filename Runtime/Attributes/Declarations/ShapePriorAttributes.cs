namespace ModelGen;

// Priors on a whole vector or matrix rather than on each element (docs/terms.md, "Parameters"): the density is the
// runtime's (ModelGen.Distributions.Dirichlet, LkjCholesky), with its gradient.

/// <summary>
/// Dirichlet(α) on a <c>[Simplex]</c> vector: log p = Σ (α_k − 1) log x_k + log Γ(Σ α) − Σ log Γ(α_k). α is a constant
/// shared by every element, or <c>nameof</c> a real data vector of the simplex's length (checked when bound). On a
/// <c>[SimplexRows]</c> matrix it is each row's prior: α a constant, a data vector of a row's length (every row's), or
/// a real data matrix of the parameter's sizes (row k's prior from row k).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DirichletAttribute : Attribute
{
    /// <summary>Every α_k = <paramref name="alpha"/> &gt; 0 (1 is uniform on the simplex).</summary>
    public DirichletAttribute(double alpha) => Alpha = alpha;

    /// <summary>α from the data vector <paramref name="alpha"/>, by <c>nameof</c>.</summary>
    public DirichletAttribute(string alpha) => AlphaData = alpha;

    /// <summary>The shared concentration, or NaN when it comes from data.</summary>
    public double Alpha { get; } = double.NaN;

    /// <summary>The data vector of concentrations, or null.</summary>
    public string? AlphaData { get; }
}

/// <summary>
/// LKJ(η) on a <c>[CholeskyCorrelation]</c> factor L (Stan's <c>lkj_corr_cholesky</c>): the density of the correlation
/// matrix L Lᵀ ∝ det(L Lᵀ)^(η − 1), moved to L. η &gt; 0; 1 is uniform over correlation matrices.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class LkjCholeskyAttribute(double eta) : Attribute
{
    /// <summary>The shape η.</summary>
    public double Eta { get; } = eta;
}

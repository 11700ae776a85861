namespace ModelGen;

// The constraint kinds of a declared parameter (docs/terms.md, "Constraint kinds"), each Stan's transform from
// unconstrained reals with its log-Jacobian, computed by the runtime's ModelGen.Constraints. A parameter has at most
// one constraint ([Lower] with [Upper] is the interval, as [Bounds]); the generator reports one on a shape it does not
// apply to (MG3009).

/// <summary>x &gt; <see cref="Bound"/>, element-wise on a scalar, vector or matrix: x = bound + eᵘ, log |J| = u.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class LowerAttribute(double bound) : Attribute
{
    /// <summary>The lower bound.</summary>
    public double Bound { get; } = bound;
}

/// <summary>x &lt; <see cref="Bound"/>, element-wise on a scalar, vector or matrix: x = bound − eᵘ, log |J| = u.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class UpperAttribute(double bound) : Attribute
{
    /// <summary>The upper bound.</summary>
    public double Bound { get; } = bound;
}

/// <summary>
/// <see cref="Lower"/> &lt; x &lt; <see cref="Upper"/>, element-wise on a scalar, vector or matrix:
/// x = lower + (upper − lower)·σ(u).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class BoundsAttribute(double lower, double upper) : Attribute
{
    /// <summary>The lower bound.</summary>
    public double Lower { get; } = lower;

    /// <summary>The upper bound.</summary>
    public double Upper { get; } = upper;
}

/// <summary>A vector x₁ &lt; x₂ &lt; … &lt; x_K (Stan's <c>ordered</c>): <see cref="Constraints.Ordered"/>.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class OrderedAttribute : Attribute;

/// <summary>A vector 0 &lt; x₁ &lt; … &lt; x_K (Stan's <c>positive_ordered</c>): <see cref="Constraints.PositiveOrdered"/>.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class PositiveOrderedAttribute : Attribute;

/// <summary>A vector of K positive values summing to 1, from K − 1 unconstrained ones by stick-breaking (Stan's <c>simplex</c>): <see cref="Constraints.Simplex"/>.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SimplexAttribute : Attribute;

/// <summary>
/// A matrix each of whose rows is a simplex (Stan's <c>array[K] simplex[V]</c>: a hidden Markov model's transition and
/// emission rows), each row by <see cref="Constraints.Simplex"/>'s stick-breaking: <see cref="Constraints.SimplexRows"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SimplexRowsAttribute : Attribute;

/// <summary>A vector of unit length, x = u/‖u‖ with −½‖u‖² added (Stan's <c>unit_vector</c>): <see cref="Constraints.UnitVector"/>.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class UnitVectorAttribute : Attribute;

/// <summary>
/// A K × K lower-triangular L with L Lᵀ a correlation matrix, from K(K − 1)/2 canonical partial correlations (Stan's
/// <c>cholesky_factor_corr</c>): <see cref="Constraints.CholeskyCorrelation"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class CholeskyCorrelationAttribute : Attribute;

/// <summary>
/// A K × K lower-triangular L with a positive diagonal, from K(K + 1)/2 unconstrained values (Stan's
/// <c>cholesky_factor_cov</c>): <see cref="Constraints.CholeskyCovariance"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class CholeskyCovarianceAttribute : Attribute;

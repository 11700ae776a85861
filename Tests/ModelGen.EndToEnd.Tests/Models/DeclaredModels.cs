namespace ModelGen.EndToEnd.Tests.Models;

// Models of declarations (docs/terms.md, "Data" and "Parameters"): priors only, so each posterior is its prior and has
// moments known in closed form (Sampling/DeclaredPriorTests), and one model per element type with every constraint
// kind for the gradient checks (DeclaredGradientTests).

/// <summary>θ ~ Dirichlet(α) on a simplex of K, α from data.</summary>
[Model<double>]
public partial class DirichletPrior
{
    [Data(Min = 1)] public partial int K { get; }

    [Data(Min = 0)] public partial ReadOnlySpan<double> Alpha { get; }

    [Simplex, Dirichlet(nameof(Alpha)), Size(nameof(K))] public partial ReadOnlySpan<double> Theta { get; }
}

/// <summary>An ordered vector of K iid N(0, 1) priors: its values are the order statistics of K standard normals.</summary>
[Model<double>]
public partial class OrderedNormals
{
    [Data] public partial int K { get; }

    [Ordered, Normal(0, 1), Size(nameof(K))] public partial ReadOnlySpan<double> Mu { get; }
}

/// <summary>The Cholesky factor of a K × K correlation matrix with an LKJ(η = 2) prior.</summary>
[Model<double>]
public partial class LkjPrior
{
    public const double Eta = 2;

    [Data] public partial int K { get; }

    [CholeskyCorrelation, LkjCholesky(Eta), Size(nameof(K), nameof(K))] public partial Matrix<double> L { get; }
}

/// <summary>A N(0, 1) prior restricted to (0, 1) by [Bounds]: the truncated normal, unnormalised as Stan does.</summary>
[Model<double>]
public partial class BoundedNormal
{
    [Normal(0, 1), Bounds(0, 1)] public partial double X { get; }
}

/// <summary>Every constraint kind, with element-wise priors (constants and a named scale) and whole-shape priors, in double.</summary>
[Model<double>]
public partial class EveryConstraintD
{
    [Data(Min = 2)] public partial int K { get; }

    [Normal(0, 1), Lower(-1)] public partial double A { get; }

    [Normal(0, 1), Upper(2)] public partial double B { get; }

    [Normal(0.5, 1), Bounds(0, 1), Size(nameof(K))] public partial ReadOnlySpan<double> C { get; }

    [HalfNormal(1)] public partial double S { get; }

    [Normal(0, nameof(S)), Ordered, Size(nameof(K))] public partial ReadOnlySpan<double> O { get; }

    [Exponential(1), PositiveOrdered, Size(nameof(K))] public partial ReadOnlySpan<double> P { get; }

    [Simplex, Dirichlet(1.5), Size(nameof(K))] public partial ReadOnlySpan<double> Theta { get; }

    [Normal(0, 1), UnitVector, Size(nameof(K))] public partial ReadOnlySpan<double> U { get; }

    [CholeskyCorrelation, LkjCholesky(2), Size(nameof(K), nameof(K))] public partial Matrix<double> L { get; }

    [Normal(0, 2), CholeskyCovariance, Size(3, 3)] public partial Matrix<double> Sigma { get; }

    [Gamma(2, 1), Size(2, 2)] public partial Matrix<double> G { get; }
}

/// <summary><see cref="EveryConstraintD"/> in float.</summary>
[Model<float>]
public partial class EveryConstraintF
{
    [Data(Min = 2)] public partial int K { get; }

    [Normal(0, 1), Lower(-1)] public partial float A { get; }

    [Normal(0, 1), Upper(2)] public partial float B { get; }

    [Normal(0.5, 1), Bounds(0, 1), Size(nameof(K))] public partial ReadOnlySpan<float> C { get; }

    [HalfNormal(1)] public partial float S { get; }

    [Normal(0, nameof(S)), Ordered, Size(nameof(K))] public partial ReadOnlySpan<float> O { get; }

    [Exponential(1), PositiveOrdered, Size(nameof(K))] public partial ReadOnlySpan<float> P { get; }

    [Simplex, Dirichlet(1.5), Size(nameof(K))] public partial ReadOnlySpan<float> Theta { get; }

    [Normal(0, 1), UnitVector, Size(nameof(K))] public partial ReadOnlySpan<float> U { get; }

    [CholeskyCorrelation, LkjCholesky(2), Size(nameof(K), nameof(K))] public partial Matrix<float> L { get; }

    [Normal(0, 2), CholeskyCovariance, Size(3, 3)] public partial Matrix<float> Sigma { get; }

    [Gamma(2, 1), Size(2, 2)] public partial Matrix<float> G { get; }
}

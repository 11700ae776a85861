using static ModelGen.Terms.Math;

namespace ModelGen.EndToEnd.Tests.Models;

// [Term] methods with local matrices and the linear algebra (docs/terms.md, step 5; TermMatrixTests).

/// <summary>
/// A GP marginal likelihood whose diagonal term reads the loop index and the data (a jitter growing along the diagonal,
/// and a mean from a parameter): each element write a value of its own, the mean's adjoint through the density call.
/// </summary>
[Model<double>]
public partial class NoisyKernelTerm
{
    [Data] public partial ReadOnlySpan<double> X { get; }

    [Data] public partial ReadOnlySpan<double> Y { get; }

    [Normal(0, 1)] public partial double Mu { get; }

    [HalfNormal(1)] public partial double Alpha { get; }

    [HalfNormal(2)] public partial double Rho { get; }

    [HalfNormal(1)] public partial double Sigma { get; }

    [Term]
    double Marginal()
    {
        double scale = Alpha * 2;
        LocalMatrix<double> k = Local.Matrix(X.Length, X.Length);
        ExpQuadCovariance(X, scale, Rho + 0.5, k);
        for (int i = 0; i < X.Length; i++)
        {
            k[i, i] += Square(Sigma) + (0.01 * i) + (0.001 * X[i] * X[i]);
        }

        LocalMatrix<double> l = Local.Matrix(X.Length, X.Length);
        CholeskyDecompose(k, l);
        return 0.5 * MultiNormalCholesky(Y, Mu * 3, l) + Normal(Mu, 0, 2);
    }
}

/// <summary>Sample 8's model in floats.</summary>
[Model<float>]
public partial class GaussianProcessTermF
{
    [Data] public partial ReadOnlySpan<float> X { get; }

    [Data] public partial ReadOnlySpan<float> Y { get; }

    [InverseGamma(5, 5)] public partial float Rho { get; }

    [HalfNormal(1)] public partial float Alpha { get; }

    [HalfNormal(1)] public partial float Sigma { get; }

    [Term]
    float Marginal()
    {
        LocalMatrix<float> k = Local.Matrix<float>(X.Length, X.Length);
        ExpQuadCovariance(X, Alpha, Rho, k);
        for (int n = 0; n < X.Length; n++)
        {
            k[n, n] += Sigma * Sigma;
        }

        LocalMatrix<float> l = Local.Matrix<float>(X.Length, X.Length);
        CholeskyDecompose(k, l);
        return MultiNormalCholesky(Y, 0, l);
    }
}

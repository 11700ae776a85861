using System.Numerics;

namespace ModelGen.Terms;

// The linear algebra of terms (docs/terms.md, "The math library", step 5): each runs as written on LocalMatrix values
// (what EvaluateAsWritten calls, allocating its scratch); the generator lowers each call to the same runtime function
// in the kernel's scratch, and its adjoint to that function's reverse.
public static partial class Math
{
    /// <summary>
    /// Writes Stan's <c>gp_exp_quad_cov(x, alpha, rho)</c> into <paramref name="k"/>: K_ij = α² exp(−(x_i − x_j)²/(2ρ²))
    /// (<see cref="Covariance.ExpQuadratic{T}"/>).
    /// </summary>
    public static void ExpQuadCovariance<T>(ReadOnlySpan<T> x, T alpha, T rho, LocalMatrix<T> k)
        where T : unmanaged, IFloatingPointIeee754<T> => Covariance.ExpQuadratic(x, alpha, rho, k.Values);

    /// <summary>
    /// Writes the Cholesky factor of <paramref name="a"/> into <paramref name="l"/> (<see cref="LinearAlgebra.CholeskyDecompose{T}"/>);
    /// where <paramref name="a"/> is not positive definite, <paramref name="l"/> is all zeros and a
    /// <see cref="MultiNormalCholesky{T}"/> of it is −∞, as the kernel's log p there.
    /// </summary>
    public static void CholeskyDecompose<T>(LocalMatrix<T> a, LocalMatrix<T> l)
        where T : unmanaged, IFloatingPointIeee754<T> => LinearAlgebra.CholeskyDecompose<T>(a.Values, l.Values);

    /// <summary>
    /// log N(y | μ·1, L Lᵀ) (Stan's <c>multi_normal_cholesky</c> with every mean μ), by <see cref="MatrixCalls.MultiNormalCholesky{T}"/>;
    /// −∞ where L has a diagonal that is not positive (a failed <see cref="CholeskyDecompose{T}"/>).
    /// </summary>
    public static T MultiNormalCholesky<T>(ReadOnlySpan<T> y, T mu, LocalMatrix<T> l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < l.Rows; i++)
        {
            if (!(l[i, i] > T.Zero))
            {
                return T.NegativeInfinity;
            }
        }

        T unused = T.Zero;
        return MatrixCalls.MultiNormalCholesky(y, mu, l.Values, new T[MatrixCalls.MultiNormalCholeskyScratch(y.Length)], T.One, ref unused, default);
    }
}

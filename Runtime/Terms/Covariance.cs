using System.Numerics;

namespace ModelGen.Terms;

/// <summary>Covariance functions of Gaussian-process terms, with their reverse passes.</summary>
public static class Covariance
{
    /// <summary>
    /// Stan's <c>gp_exp_quad_cov</c> on 1-D inputs: K_ij = α² exp(−(x_i − x_j)²/(2ρ²)), written as a full n × n
    /// row-major matrix. α, ρ &gt; 0 (not validated).
    /// </summary>
    public static void ExpQuadratic<T>(ReadOnlySpan<T> x, T alpha, T rho, Span<T> k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        LinearAlgebra.SameShape(k.Length, n * n, nameof(k));
        T alphaSquared = alpha * alpha;
        T scale = -T.One / (T.CreateTruncating(2) * rho * rho);
        for (int i = 0; i < n; i++)
        {
            k[(i * n) + i] = alphaSquared;
            for (int j = 0; j < i; j++)
            {
                T d = x[i] - x[j];
                T v = alphaSquared * T.Exp(scale * d * d);
                k[(i * n) + j] = v;
                k[(j * n) + i] = v;
            }
        }
    }

    /// <summary>
    /// The reverse pass of <see cref="ExpQuadratic{T}"/>: from K's adjoint (every entry <paramref name="kBar"/> holds
    /// counts: a Cholesky reverse fills the lower triangle only), adds ∂/∂α = Σ K̄_ij·2K_ij/α and
    /// ∂/∂ρ = Σ K̄_ij·K_ij·(x_i − x_j)²/ρ³. K is recomputed, not taken, so a covariance the term has since changed
    /// (a jitter or noise on its diagonal) cannot enter by mistake. The inputs x are data and get no adjoint.
    /// </summary>
    public static void ExpQuadraticReverse<T>(ReadOnlySpan<T> x, T alpha, T rho, ReadOnlySpan<T> kBar, ref T alphaBar, ref T rhoBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        LinearAlgebra.SameShape(kBar.Length, n * n, nameof(kBar));
        T alphaSquared = alpha * alpha;
        T scale = -T.One / (T.CreateTruncating(2) * rho * rho);
        T sumKBarK = T.Zero, sumDistance = T.Zero;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T d = x[i] - x[j];
                T weighted = kBar[(i * n) + j] * alphaSquared * T.Exp(scale * d * d);
                sumKBarK += weighted;
                sumDistance += weighted * d * d;
            }
        }

        alphaBar += T.CreateTruncating(2) * sumKBarK / alpha;
        rhoBar += sumDistance / (rho * rho * rho);
    }
}

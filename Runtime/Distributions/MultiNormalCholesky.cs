using System.Numerics;
using ModelGen.Terms;

namespace ModelGen.Distributions;

/// <summary>
/// The multivariate normal by the Cholesky factor L of its covariance (Stan's <c>multi_normal_cholesky</c>):
/// log p(y | μ, L) = −(n/2) log 2π − Σ log L_ii − ½‖z‖², z = L⁻¹(y − μ).
/// </summary>
public static class MultiNormalCholesky
{
    /// <summary>
    /// The log density, with the gradients added to <paramref name="yBar"/>, <paramref name="muBar"/> (both −/+ r̄
    /// with r̄ = −L⁻ᵀz) and <paramref name="lBar"/> (L⁻ᵀz zᵀ on the lower triangle, minus 1/L_ii on the diagonal).
    /// <paramref name="scratch"/> holds 2n values. Any of the adjoint spans may be empty to skip it.
    /// </summary>
    public static T LogDensity<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> mu, ReadOnlySpan<T> l, Span<T> scratch, Span<T> yBar, Span<T> muBar, Span<T> lBar)
        where T : unmanaged, IFloatingPointIeee754<T> => LogDensity(y, mu, l, scratch, yBar, muBar, lBar, T.One);

    /// <summary>
    /// As <see cref="LogDensity{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>,
    /// with each gradient times <paramref name="seed"/>: the adjoint of the value where a term reads it (v̄ in
    /// ā += v̄·∂v/∂a).
    /// </summary>
    public static T LogDensity<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> mu, ReadOnlySpan<T> l, Span<T> scratch, Span<T> yBar, Span<T> muBar, Span<T> lBar, T seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = y.Length;
        LinearAlgebra.SameShape(mu.Length, n, nameof(mu));
        LinearAlgebra.SameShape(l.Length, n * n, nameof(l));
        LinearAlgebra.SameShape(scratch.Length, 2 * n, nameof(scratch));
        Span<T> residual = scratch[..n], z = scratch[n..];
        for (int i = 0; i < n; i++)
        {
            residual[i] = y[i] - mu[i];
        }

        LinearAlgebra.SolveLower(l, residual, z);
        T squares = T.Zero, logDiagonal = T.Zero;
        for (int i = 0; i < n; i++)
        {
            squares += z[i] * z[i];
            logDiagonal += T.Log(l[(i * n) + i]);
        }

        T value = -(T.CreateTruncating(n) * T.CreateTruncating(0.91893853320467274178)) - logDiagonal - (squares / T.CreateTruncating(2));
        if (yBar.IsEmpty && muBar.IsEmpty && lBar.IsEmpty)
        {
            return value;
        }

        // z̄ = −z; r̄ = L⁻ᵀ z̄ (into residual, no longer needed); L̄ −= r̄ zᵀ on the lower triangle; L̄_ii −= 1/L_ii.
        for (int i = 0; i < n; i++)
        {
            z[i] = -z[i];
        }

        LinearAlgebra.SolveLowerTransposed(l, z, residual);
        for (int i = 0; i < n; i++)
        {
            T share = seed * residual[i];
            if (!yBar.IsEmpty)
            {
                yBar[i] += share;
            }

            if (!muBar.IsEmpty)
            {
                muBar[i] -= share;
            }

            if (!lBar.IsEmpty)
            {
                for (int k = 0; k <= i; k++)
                {
                    lBar[(i * n) + k] += share * z[k];   // z holds −z now: this adds −r̄ zᵀ
                }

                lBar[(i * n) + i] -= seed / l[(i * n) + i];
            }
        }

        return value;
    }
}

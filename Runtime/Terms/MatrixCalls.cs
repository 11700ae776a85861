using System.Numerics;
using ModelGen.Distributions;

namespace ModelGen.Terms;

/// <summary>
/// The forms of the linear-algebra calls a [Term] writes that the generated kernel calls where the runtime's own
/// function takes a different shape of argument (docs/architecture.md, "Local matrices in terms"): each forwards to the
/// one function that computes the fact.
/// </summary>
public static class MatrixCalls
{
    /// <summary>The scratch <see cref="MultiNormalCholesky{T}"/> needs for <paramref name="n"/> values: 4n.</summary>
    public static int MultiNormalCholeskyScratch(int n) => 4 * n;

    /// <summary>
    /// log N(y | μ·1, L Lᵀ) with one mean μ for every element (Stan's <c>multi_normal_cholesky(y, rep_vector(mu, n), L)</c>),
    /// by <see cref="Distributions.MultiNormalCholesky.LogDensity{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T}, T)"/>.
    /// With a non-empty <paramref name="lBar"/>, adds <paramref name="seed"/>·∂/∂L to it and seed·∂/∂μ to
    /// <paramref name="muBar"/>. <paramref name="scratch"/> holds <see cref="MultiNormalCholeskyScratch"/> values.
    /// </summary>
    public static T MultiNormalCholesky<T>(ReadOnlySpan<T> y, T mu, ReadOnlySpan<T> l, Span<T> scratch, T seed, ref T muBar, Span<T> lBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = y.Length;
        LinearAlgebra.SameShape(scratch.Length, MultiNormalCholeskyScratch(n), nameof(scratch));
        Span<T> means = scratch[..n], meansBar = scratch.Slice(n, n);
        means.Fill(mu);
        meansBar.Clear();
        bool gradient = !lBar.IsEmpty;
        T value = Distributions.MultiNormalCholesky.LogDensity(y, means, l, scratch[(2 * n)..], default, gradient ? meansBar : default, lBar, seed);
        if (gradient)
        {
            foreach (T m in meansBar)
            {
                muBar += m;
            }
        }

        return value;
    }
}

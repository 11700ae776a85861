using System.Globalization;
using System.Numerics;

namespace ModelGen.Terms;

/// <summary>
/// The dense linear algebra of log-density terms (issue 18: Gaussian processes, correlated varying slopes), each
/// with its reverse pass for the generated gradient. Matrices are row-major spans of n² values; a lower-triangular
/// result leaves the upper triangle 0. Nothing allocates.
/// </summary>
public static class LinearAlgebra
{
    /// <summary>
    /// The Cholesky factor L of a symmetric positive-definite A (A = L Lᵀ), column by column (Cholesky–Banachiewicz).
    /// Only A's lower triangle is read, and <paramref name="l"/> may be A's own storage (the factor then replaces A).
    /// Returns false, with L all zeros, when a pivot is not positive, or not above
    /// <paramref name="relativePivot"/>·A_jj (a direction too flat to resolve): a term then treats the point as
    /// outside the model, an optimiser's curvature as unusable.
    /// </summary>
    public static bool CholeskyDecompose<T>(ReadOnlySpan<T> a, Span<T> l, T relativePivot = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Side(a.Length, nameof(a));
        SameShape(l.Length, a.Length, nameof(l));
        for (int j = 0; j < n; j++)
        {
            T diagonal = a[(j * n) + j];
            T s = diagonal;
            for (int k = 0; k < j; k++)
            {
                s -= l[(j * n) + k] * l[(j * n) + k];
            }

            if (!(s > T.Zero) || !T.IsFinite(s) || !(s > relativePivot * diagonal))
            {
                l.Clear();
                return false;
            }

            T pivot = T.Sqrt(s);
            l[(j * n) + j] = pivot;
            for (int i = j + 1; i < n; i++)
            {
                T t = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    t -= l[(i * n) + k] * l[(j * n) + k];
                }

                l[(i * n) + j] = t / pivot;
            }

            for (int i = 0; i < j; i++)
            {
                l[(i * n) + j] = T.Zero;   // above the diagonal, after A's column j has been read
            }
        }

        return true;
    }

    /// <summary>
    /// The reverse pass of <see cref="CholeskyDecompose{T}"/>: from L and L's adjoint, adds A's adjoint to the lower
    /// triangle of <paramref name="aBar"/> (the entries the decomposition read; the upper triangle is left alone). The
    /// forward algorithm's steps taken backwards (as Murray 2016's unblocked reverse mode), O(n³), no inverse formed.
    /// <paramref name="lBar"/> is used as scratch and left changed.
    /// </summary>
    public static void CholeskyDecomposeReverse<T>(ReadOnlySpan<T> l, Span<T> lBar, Span<T> aBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Side(l.Length, nameof(l));
        SameShape(lBar.Length, l.Length, nameof(lBar));
        SameShape(aBar.Length, l.Length, nameof(aBar));
        T two = T.CreateTruncating(2);
        for (int j = n - 1; j >= 0; j--)
        {
            T pivot = l[(j * n) + j];
            for (int i = n - 1; i > j; i--)
            {
                // L_ij = t / L_jj with t = A_ij − Σ_{k<j} L_ik L_jk.
                T tBar = lBar[(i * n) + j] / pivot;
                lBar[(j * n) + j] -= tBar * l[(i * n) + j];
                aBar[(i * n) + j] += tBar;
                for (int k = 0; k < j; k++)
                {
                    lBar[(i * n) + k] -= tBar * l[(j * n) + k];
                    lBar[(j * n) + k] -= tBar * l[(i * n) + k];
                }
            }

            // L_jj = √s with s = A_jj − Σ_{k<j} L_jk².
            T sBar = lBar[(j * n) + j] / (two * pivot);
            aBar[(j * n) + j] += sBar;
            for (int k = 0; k < j; k++)
            {
                lBar[(j * n) + k] -= two * sBar * l[(j * n) + k];
            }
        }
    }

    /// <summary>x = L⁻¹ b for a lower-triangular L with a nonzero diagonal (forward substitution).</summary>
    public static void SolveLower<T>(ReadOnlySpan<T> l, ReadOnlySpan<T> b, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Side(l.Length, nameof(l));
        SameShape(b.Length, n, nameof(b));
        SameShape(x.Length, n, nameof(x));
        for (int i = 0; i < n; i++)
        {
            T t = b[i];
            for (int k = 0; k < i; k++)
            {
                t -= l[(i * n) + k] * x[k];
            }

            x[i] = t / l[(i * n) + i];
        }
    }

    /// <summary>x = L⁻ᵀ b for a lower-triangular L (back substitution with Lᵀ).</summary>
    public static void SolveLowerTransposed<T>(ReadOnlySpan<T> l, ReadOnlySpan<T> b, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Side(l.Length, nameof(l));
        SameShape(b.Length, n, nameof(b));
        SameShape(x.Length, n, nameof(x));
        for (int i = n - 1; i >= 0; i--)
        {
            T t = b[i];
            for (int k = i + 1; k < n; k++)
            {
                t -= l[(k * n) + i] * x[k];
            }

            x[i] = t / l[(i * n) + i];
        }
    }

    /// <summary>
    /// The reverse pass of <see cref="SolveLower{T}"/>: with x = L⁻¹ b and x's adjoint, b̄ = L⁻ᵀ x̄ is written to
    /// <paramref name="bBarOut"/> (the caller adds it where b came from) and −b̄ xᵀ is added to L's lower triangle.
    /// </summary>
    public static void SolveLowerReverse<T>(ReadOnlySpan<T> l, ReadOnlySpan<T> x, ReadOnlySpan<T> xBar, Span<T> bBarOut, Span<T> lBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Side(l.Length, nameof(l));
        SameShape(lBar.Length, l.Length, nameof(lBar));
        SolveLowerTransposed(l, xBar, bBarOut);
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k <= i; k++)
            {
                lBar[(i * n) + k] -= bBarOut[i] * x[k];
            }
        }
    }

    /// <summary>The side n of an n × n matrix stored in <paramref name="length"/> values.</summary>
    internal static int Side(int length, string name)
    {
        int n = (int)System.Math.Round(System.Math.Sqrt(length));
        if (n * n != length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{name}' holds {length} values: an n × n matrix is stored row-major in n² values."), name);
        }

        return n;
    }

    internal static void SameShape(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{name}' holds {length} values; {expected} are needed."), name);
        }
    }
}

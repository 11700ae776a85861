using System.Numerics;

namespace ModelGen.Constraints;

/// <summary>
/// Stan's <c>cholesky_factor_cov[K]</c>: K(K + 1)/2 unconstrained reals onto a lower-triangular K × K matrix L with a
/// positive diagonal (stored row-major in K² values, zeros above the diagonal). Row by row, the entries left of the
/// diagonal are u as they are and the diagonal is e^u; log |J| = Σ u over the diagonal's entries.
/// </summary>
public static class CholeskyCovariance
{
    /// <summary>Unconstrained values of a K × K factor: K(K + 1)/2.</summary>
    public static int FreeSize(int side) => side * (side + 1) / 2;

    /// <summary>Writes L = f(u) (row-major, K² values) and returns log |J|.</summary>
    public static T Constrain<T>(ReadOnlySpan<T> u, Span<T> l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int side = Shapes.Side(l.Length, nameof(CholeskyCovariance));
        Shapes.Check(u.Length, l.Length, FreeSize(side), nameof(CholeskyCovariance));
        l.Clear();
        T logJacobian = T.Zero;
        int p = 0;
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < i; j++)
            {
                l[(i * side) + j] = u[p++];
            }

            l[(i * side) + i] = T.Exp(u[p]);
            logJacobian += u[p++];
        }

        return logJacobian;
    }

    /// <summary>Adds to <paramref name="uBar"/> the gradient of Σ L̄·L(u) + log |J(u)|.</summary>
    public static void Reverse<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> l, ReadOnlySpan<T> lBar, Span<T> uBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int side = Shapes.Side(l.Length, nameof(CholeskyCovariance));
        Shapes.Check(u.Length, l.Length, FreeSize(side), nameof(CholeskyCovariance));
        Shapes.Check(lBar.Length, l.Length, nameof(lBar));
        Shapes.Check(uBar.Length, u.Length, nameof(uBar));
        int p = 0;
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < i; j++)
            {
                uBar[p++] += lBar[(i * side) + j];
            }

            uBar[p++] += (lBar[(i * side) + i] * l[(i * side) + i]) + T.One;
        }
    }

    /// <summary>u = f⁻¹(L); L must be finite, lower-triangular, with a positive diagonal.</summary>
    /// <exception cref="ArgumentException">An entry breaks that; the message names it by row and column.</exception>
    public static void Unconstrain<T>(ReadOnlySpan<T> l, Span<T> u, string name = "L")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int side = Shapes.Side(l.Length, nameof(CholeskyCovariance));
        Shapes.Check(u.Length, l.Length, FreeSize(side), nameof(CholeskyCovariance));
        Shapes.CheckCholeskyFactor(l, side, name);
        int p = 0;
        for (int i = 0; i < side; i++)
        {
            for (int j = 0; j < i; j++)
            {
                u[p++] = l[(i * side) + j];
            }

            u[p++] = T.Log(l[(i * side) + i]);
        }
    }
}

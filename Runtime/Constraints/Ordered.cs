using System.Globalization;
using System.Numerics;

namespace ModelGen.Constraints;

/// <summary>
/// Stan's <c>ordered[K]</c>: K unconstrained reals u onto x₁ &lt; x₂ &lt; … &lt; x_K by x₁ = u₁,
/// x_k = x_{k−1} + e^{u_k}; log |J| = Σ_{k≥2} u_k (the Jacobian is triangular with diagonal 1, e^{u₂}, …).
/// </summary>
public static class Ordered
{
    /// <summary>Unconstrained values of an ordered vector of <paramref name="size"/> elements: the same number.</summary>
    public static int FreeSize(int size) => size;

    /// <summary>Writes x = f(u) and returns log |det ∂x/∂u|.</summary>
    public static T Constrain<T>(ReadOnlySpan<T> u, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(Ordered));
        if (x.Length == 0)
        {
            return T.Zero;
        }

        x[0] = u[0];
        return Increments.Constrain(u, x, from: 1);
    }

    /// <summary>
    /// Adds to <paramref name="uBar"/> the gradient with respect to u of Σ x̄·x(u) + log |J(u)|: the reverse pass of
    /// <see cref="Constrain{T}"/> with x's adjoint <paramref name="xBar"/>, the log-Jacobian's own gradient included.
    /// </summary>
    public static void Reverse<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> x, ReadOnlySpan<T> xBar, Span<T> uBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(Ordered));
        Shapes.Check(xBar.Length, x.Length, nameof(xBar));
        Shapes.Check(uBar.Length, u.Length, nameof(uBar));

        // x_k for k ≥ j depends on u_j through e^{u_j} (j ≥ 2) or 1 (j = 1): ū_j = (Σ_{k≥j} x̄_k)·∂ + [j ≥ 2].
        T suffix = Increments.Reverse(u, xBar, uBar, from: 1);
        if (x.Length > 0)
        {
            uBar[0] += suffix + xBar[0];
        }
    }

    /// <summary>u = f⁻¹(x); x must be finite and strictly increasing.</summary>
    /// <exception cref="ArgumentException">An element is not finite or not greater than the one before; the message names it.</exception>
    public static void Unconstrain<T>(ReadOnlySpan<T> x, Span<T> u, string name = "x")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(Ordered));
        for (int k = 0; k < x.Length; k++)
        {
            if (!T.IsFinite(x[k]) || (k > 0 && !(x[k] > x[k - 1])))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{k}] = {x[k]} must be finite and greater than {name}[{k - 1}] = {(k > 0 ? x[k - 1] : T.NaN)}: an ordered vector increases strictly."), name);
            }

            u[k] = k == 0 ? x[0] : T.Log(x[k] - x[k - 1]);
        }
    }
}

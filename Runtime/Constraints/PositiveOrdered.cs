using System.Globalization;
using System.Numerics;

namespace ModelGen.Constraints;

/// <summary>
/// Stan's <c>positive_ordered[K]</c>: K unconstrained reals u onto 0 &lt; x₁ &lt; … &lt; x_K by x₁ = e^{u₁},
/// x_k = x_{k−1} + e^{u_k}; log |J| = Σ_k u_k.
/// </summary>
public static class PositiveOrdered
{
    /// <summary>Unconstrained values of a positive ordered vector of <paramref name="size"/> elements: the same number.</summary>
    public static int FreeSize(int size) => size;

    /// <summary>Writes x = f(u) and returns log |det ∂x/∂u|.</summary>
    public static T Constrain<T>(ReadOnlySpan<T> u, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(PositiveOrdered));
        return Increments.Constrain(u, x, from: 0);
    }

    /// <summary>Adds to <paramref name="uBar"/> the gradient of Σ x̄·x(u) + log |J(u)| (see <see cref="Ordered.Reverse{T}"/>).</summary>
    public static void Reverse<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> x, ReadOnlySpan<T> xBar, Span<T> uBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(PositiveOrdered));
        Shapes.Check(xBar.Length, x.Length, nameof(xBar));
        Shapes.Check(uBar.Length, u.Length, nameof(uBar));
        Increments.Reverse(u, xBar, uBar, from: 0);
    }

    /// <summary>u = f⁻¹(x); x must be finite, positive and strictly increasing.</summary>
    /// <exception cref="ArgumentException">An element breaks that; the message names it.</exception>
    public static void Unconstrain<T>(ReadOnlySpan<T> x, Span<T> u, string name = "x")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(PositiveOrdered));
        T previous = T.Zero;
        for (int k = 0; k < x.Length; k++)
        {
            if (!T.IsFinite(x[k]) || !(x[k] > previous))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{k}] = {x[k]} must be finite and greater than {(k == 0 ? "0" : $"{name}[{k - 1}] = {previous}")}: a positive ordered vector is positive and increases strictly."), name);
            }

            u[k] = T.Log(x[k] - previous);
            previous = x[k];
        }
    }
}

using System.Globalization;
using System.Numerics;

namespace ModelGen.Constraints;

/// <summary>
/// Stan's <c>unit_vector[K]</c>: K unconstrained reals u onto ‖x‖ = 1 by x = u/‖u‖. The map is not one to one, so
/// (as Stan) the density adds −½‖u‖² in place of a log-Jacobian: u ~ N(0, I) makes x uniform on the sphere and keeps
/// ‖u‖ away from 0 and ∞. At u = 0, where x is undefined, x is 0 and the term is −∞, so a sampler rejects the point.
/// </summary>
public static class UnitVector
{
    /// <summary>Unconstrained values of a unit vector of <paramref name="size"/> elements: the same number.</summary>
    public static int FreeSize(int size) => size;

    /// <summary>Writes x = u/‖u‖ and returns −½‖u‖² (−∞ at u = 0).</summary>
    public static T Constrain<T>(ReadOnlySpan<T> u, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(UnitVector));
        T squares = T.Zero;
        for (int k = 0; k < u.Length; k++)
        {
            squares += u[k] * u[k];
        }

        if (!(squares > T.Zero))
        {
            x.Clear();
            return T.NegativeInfinity;
        }

        T inverseNorm = T.One / T.Sqrt(squares);
        for (int k = 0; k < u.Length; k++)
        {
            x[k] = u[k] * inverseNorm;
        }

        return -squares / (T.One + T.One);
    }

    /// <summary>
    /// Adds to <paramref name="uBar"/> the gradient of Σ x̄·x(u) − ½‖u‖²: (x̄ − x (x·x̄))/‖u‖ − u.
    /// </summary>
    public static void Reverse<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> x, ReadOnlySpan<T> xBar, Span<T> uBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(UnitVector));
        Shapes.Check(xBar.Length, x.Length, nameof(xBar));
        Shapes.Check(uBar.Length, u.Length, nameof(uBar));
        T squares = T.Zero, dot = T.Zero;
        for (int k = 0; k < u.Length; k++)
        {
            squares += u[k] * u[k];
            dot += x[k] * xBar[k];
        }

        T inverseNorm = squares > T.Zero ? T.One / T.Sqrt(squares) : T.Zero;
        for (int k = 0; k < u.Length; k++)
        {
            uBar[k] += (xBar[k] - x[k] * dot) * inverseNorm - u[k];
        }
    }

    /// <summary>u = x: the point of the sphere itself; x must be finite with ‖x‖ = 1 within 1e-8 (1e-4 in float).</summary>
    /// <exception cref="ArgumentException">An element is not finite or the norm is off; the message names it.</exception>
    public static void Unconstrain<T>(ReadOnlySpan<T> x, Span<T> u, string name = "x")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.Check(u.Length, x.Length, FreeSize(x.Length), nameof(UnitVector));
        T squares = T.Zero;
        for (int k = 0; k < x.Length; k++)
        {
            if (!T.IsFinite(x[k]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{k}] = {x[k]} must be finite."), name);
            }

            squares += x[k] * x[k];
        }

        T tolerance = T.CreateTruncating(typeof(T) == typeof(float) ? 1e-4 : 1e-8);
        if (T.Abs(squares - T.One) > tolerance)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has squared norm {squares}, not 1 (within {tolerance}): a unit vector has norm 1."), name);
        }

        x.CopyTo(u);
    }
}

using System.Globalization;
using System.Numerics;
using ModelGen.Distributions;

namespace ModelGen.Constraints;

/// <summary>
/// Stan's <c>simplex[K]</c> by stick-breaking (its reference manual, "Unit simplex"): K − 1 unconstrained reals u onto
/// x_k &gt; 0 with Σ x = 1. With the offset that makes u = 0 the uniform simplex,
/// z_k = σ(u_k − log(K − k − 1)) (0-based k), x_k = (1 − Σ_{j&lt;k} x_j)·z_k, and x_{K−1} is what is left.
/// log |J| = Σ_k [log z_k + log(1 − z_k) + log(1 − Σ_{j&lt;k} x_j)], the Jacobian of u ↦ (x₀ … x_{K−2}); since the
/// stick left before k is Π_{j&lt;k} (1 − z_j), this is Σ_k [log z_k + (K − 1 − k)·log(1 − z_k)], computed from u
/// through log σ(a) = −softplus(−a) and log(1 − σ(a)) = −softplus(a), exact where x underflows.
/// </summary>
public static class Simplex
{
    /// <summary>Unconstrained values of a simplex of <paramref name="size"/> ≥ 1 elements: one fewer.</summary>
    public static int FreeSize(int size) => Math.Max(size - 1, 0);

    /// <summary>Writes x = f(u) and returns log |J|.</summary>
    public static T Constrain<T>(ReadOnlySpan<T> u, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(u.Length, x.Length);
        int k1 = x.Length - 1;
        T stick = T.One, logJacobian = T.Zero;
        for (int k = 0; k < k1; k++)
        {
            T a = u[k] - Offset<T>(k1 - k);
            T z = KernelMath.Sigmoid(a);
            x[k] = stick * z;
            stick -= x[k];
            logJacobian -= KernelMath.Softplus(-a) + T.CreateTruncating(k1 - k) * KernelMath.Softplus(a);
        }

        x[k1] = stick;
        return logJacobian;
    }

    /// <summary>
    /// Adds to <paramref name="uBar"/> the gradient with respect to u of Σ x̄·x(u) + log |J(u)|: the reverse pass of
    /// <see cref="Constrain{T}"/>, the log-Jacobian's own gradient included.
    /// </summary>
    public static void Reverse<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> x, ReadOnlySpan<T> xBar, Span<T> uBar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(u.Length, x.Length);
        Shapes.Check(xBar.Length, x.Length, nameof(xBar));
        Shapes.Check(uBar.Length, u.Length, nameof(uBar));
        int k1 = x.Length - 1;

        // Backwards through the sticks: stick_{k+1} = stick_k·(1 − z_k), x_k = stick_k·z_k, x_{K−1} = stick_{K−1}.
        T stickBar = xBar[k1];
        T stickAfter = x[k1];
        for (int k = k1 - 1; k >= 0; k--)
        {
            T stick = stickAfter + x[k];
            T a = u[k] - Offset<T>(k1 - k);
            T z = KernelMath.Sigmoid(a);
            T zBar = xBar[k] * stick - stickBar * stick;
            stickBar = stickBar * (T.One - z) + xBar[k] * z;

            // dz/da = z(1 − z); d/da [log z + (K − 1 − k)·log(1 − z)] = (1 − z) − (K − 1 − k)·z.
            uBar[k] += zBar * z * (T.One - z) + (T.One - z) - T.CreateTruncating(k1 - k) * z;
            stickAfter = stick;
        }
    }

    /// <summary>u = f⁻¹(x); x must be finite, positive and sum to 1 within 1e-8 (Stan's tolerance; 1e-4 in float).</summary>
    /// <exception cref="ArgumentException">An element is not positive or the sum is off; the message names it.</exception>
    public static void Unconstrain<T>(ReadOnlySpan<T> x, Span<T> u, string name = "x")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(u.Length, x.Length);
        T sum = T.Zero;
        for (int k = 0; k < x.Length; k++)
        {
            if (!T.IsFinite(x[k]) || !(x[k] > T.Zero))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{k}] = {x[k]} must be finite and positive: a simplex's elements are."), name);
            }

            sum += x[k];
        }

        T tolerance = T.CreateTruncating(typeof(T) == typeof(float) ? 1e-4 : 1e-8);
        if (T.Abs(sum - T.One) > tolerance)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The elements of {name} sum to {sum}, not 1 (within {tolerance}): a simplex sums to 1."), name);
        }

        int k1 = x.Length - 1;
        T stick = T.One;
        for (int k = 0; k < k1; k++)
        {
            T z = x[k] / stick;
            u[k] = T.Log(z) - T.Log(T.One - z) + Offset<T>(k1 - k);
            stick -= x[k];
        }
    }

    /// <summary>log(K − k − 1) for the 0-based k with <paramref name="remaining"/> = K − 1 − k sticks after it.</summary>
    private static T Offset<T>(int remaining)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.Log(T.CreateTruncating(remaining));

    private static void CheckShape(int unconstrained, int constrained)
    {
        if (constrained < 1)
        {
            throw new ArgumentException("Simplex: a simplex has at least one element.");
        }

        Shapes.Check(unconstrained, constrained, FreeSize(constrained), nameof(Simplex));
    }
}

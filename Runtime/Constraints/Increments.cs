using System.Numerics;

namespace ModelGen.Constraints;

/// <summary>
/// The cumulative sum of exponentiated increments that <see cref="Ordered"/> and <see cref="PositiveOrdered"/> share:
/// x_k = x_{k−1} + e^{u_k} for k ≥ <c>from</c>, starting from x_{from−1} (0 when <c>from</c> is 0), with log |J| = Σ u_k.
/// </summary>
internal static class Increments
{
    /// <summary>Writes x_k for k ≥ <paramref name="from"/> and returns Σ_{k≥from} u_k, their log-Jacobian.</summary>
    public static T Constrain<T>(ReadOnlySpan<T> u, Span<T> x, int from)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T logJacobian = T.Zero;
        T previous = from == 0 ? T.Zero : x[from - 1];
        for (int k = from; k < x.Length; k++)
        {
            previous += T.Exp(u[k]);
            x[k] = previous;
            logJacobian += u[k];
        }

        return logJacobian;
    }

    /// <summary>
    /// Adds ū_j = (Σ_{k≥j} x̄_k)·e^{u_j} + 1 for j ≥ <paramref name="from"/> (the increments' share of Σ x̄·x + log |J|)
    /// and returns Σ_{k≥from} x̄_k, what flows on into x_{from−1}.
    /// </summary>
    public static T Reverse<T>(ReadOnlySpan<T> u, ReadOnlySpan<T> xBar, Span<T> uBar, int from)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T suffix = T.Zero;
        for (int j = xBar.Length - 1; j >= from; j--)
        {
            suffix += xBar[j];
            uBar[j] += suffix * T.Exp(u[j]) + T.One;
        }

        return suffix;
    }
}

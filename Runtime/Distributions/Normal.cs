using System.Numerics;
using ModelGen.Simd;

namespace ModelGen.Distributions;

/// <summary>The normal distribution's log density and gradient, as generated priors call them.</summary>
public static class Normal
{
    /// <summary>½ log 2π.</summary>
    public const double HalfLogTwoPi = 0.918938533204672741780329736406;

    /// <summary>
    /// Adds the N(<paramref name="mu"/>, <paramref name="sigma"/>) log density of θ[offset .. offset + length) to the
    /// result and, when <typeparamref name="TMode"/> asks, −(θ − μ)/σ² to the gradient there.
    /// </summary>
    /// <returns>Σ −½((θᵢ − μ)/σ)² − log σ − ½ log 2π when <typeparamref name="TMode"/> asks for the value, else 0.</returns>
    public static T Prior<T, TMode>(ReadOnlySpan<T> theta, Span<T> gradient, int offset, int length, T mu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMode : struct, IKernelMode
    {
        ReadOnlySpan<T> x = theta.Slice(offset, length);
        T inverse = T.One / sigma;
        T sum = T.Zero;
        if (TMode.Gradient)
        {
            Span<T> g = gradient.Slice(offset, length);
            T inverseVariance = inverse * inverse;
            for (int i = 0; i < x.Length; i++)
            {
                g[i] -= (x[i] - mu) * inverseVariance;
            }
        }

        if (!TMode.Value)
        {
            return T.Zero;
        }

        for (int i = 0; i < x.Length; i++)
        {
            T z = (x[i] - mu) * inverse;
            sum += z * z;
        }

        T constant = T.CreateChecked(length) * (T.Log(sigma) + T.CreateChecked(HalfLogTwoPi));
        return (-T.CreateChecked(0.5) * sum) - constant;
    }
}

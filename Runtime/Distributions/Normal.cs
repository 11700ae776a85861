using System.Numerics;
using System.Runtime.CompilerServices;
using ModelGen.Simd;

namespace ModelGen.Distributions;

/// <summary>The normal distribution's log density and gradient, as generated priors call them.</summary>
public static class Normal
{
    /// <summary>½ log 2π.</summary>
    public const double HalfLogTwoPi = 0.918938533204672741780329736406;

    /// <summary>x ranges over the real line.</summary>
    public const Support Domain = Support.Real;

    /// <summary>
    /// log N(x | μ, σ) = −½z² − log σ − ½ log 2π with z = (x − μ)/σ. Arguments are not validated: σ must be &gt; 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T mu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T z = (x - mu) / sigma;
        return (-T.CreateChecked(0.5) * z * z) - T.Log(sigma) - T.CreateChecked(HalfLogTwoPi);
    }

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding its partial derivatives to the refs:
    /// ∂/∂x = −z/σ, ∂/∂μ = z/σ, ∂/∂σ = (z² − 1)/σ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T mu, T sigma, ref T dx, ref T dmu, ref T dsigma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T z = (x - mu) / sigma;
        T zOverSigma = z / sigma;
        dx -= zOverSigma;
        dmu += zOverSigma;
        dsigma += ((z * z) - T.One) / sigma;
        return LogDensity(x, mu, sigma);
    }

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

using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The log-normal distribution LogNormal(μ, σ): log x ~ N(μ, σ), on x &gt; 0.</summary>
public static class LogNormal
{
    /// <summary>x ranges over (0, ∞).</summary>
    public const Support Domain = Support.Positive;

    /// <summary>
    /// log LogNormal(x | μ, σ) = −½z² − log σ − ½ log 2π − log x, z = (log x − μ)/σ, for x &gt; 0; −∞ for x ≤ 0.
    /// σ must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T mu, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x <= T.Zero)
        {
            return T.NegativeInfinity;
        }

        T logX = T.Log(x);
        return Normal.LogDensity(logX, mu, sigma) - logX;
    }

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding its partial derivatives to the refs:
    /// ∂/∂x = −(1 + z/σ)/x, ∂/∂μ = z/σ, ∂/∂σ = (z² − 1)/σ. For x ≤ 0 it returns −∞ and leaves the refs unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T mu, T sigma, ref T dx, ref T dmu, ref T dsigma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x <= T.Zero)
        {
            return T.NegativeInfinity;
        }

        // Chain rule through log x: ∂/∂x = (∂/∂ log x − 1)/x.
        T logX = T.Log(x);
        T dLogX = -T.One;
        T value = Normal.LogDensity(logX, mu, sigma, ref dLogX, ref dmu, ref dsigma) - logX;
        dx += dLogX / x;
        return value;
    }
}

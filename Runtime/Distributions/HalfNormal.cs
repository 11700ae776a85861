using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The half-normal distribution HalfNormal(σ): |N(0, σ)|, on x ≥ 0.</summary>
public static class HalfNormal
{
    /// <summary>x ranges over [0, ∞).</summary>
    public const Support Domain = Support.Positive;

    /// <summary>
    /// log HalfNormal(x | σ) = log 2 − ½(x/σ)² − log σ − ½ log 2π for x ≥ 0, −∞ for x &lt; 0. σ must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T sigma)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x < T.Zero ? T.NegativeInfinity : Numerics.Constant<T>(Numerics.LogTwo) + Normal.LogDensity(x, T.Zero, sigma);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T)"/>, adding ∂/∂x = −x/σ² and ∂/∂σ = (x²/σ² − 1)/σ to the refs;
    /// for x &lt; 0 it returns −∞ and leaves the refs unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T sigma, ref T dx, ref T dsigma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x < T.Zero)
        {
            return T.NegativeInfinity;
        }

        T dmu = T.Zero;
        return Numerics.Constant<T>(Numerics.LogTwo) + Normal.LogDensity(x, T.Zero, sigma, ref dx, ref dmu, ref dsigma);
    }
}

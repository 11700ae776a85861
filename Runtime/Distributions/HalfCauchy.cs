using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The half-Cauchy distribution HalfCauchy(β): |Cauchy(0, β)|, on x ≥ 0.</summary>
public static class HalfCauchy
{
    /// <summary>x ranges over [0, ∞).</summary>
    public const Support Domain = Support.Positive;

    /// <summary>
    /// log HalfCauchy(x | β) = log 2 − log π − log β − log(1 + (x/β)²) for x ≥ 0, −∞ for x &lt; 0. β must be &gt; 0 (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x < T.Zero ? T.NegativeInfinity : Numerics.Constant<T>(Numerics.LogTwo) + Cauchy.LogDensity(x, T.Zero, beta);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T)"/>, adding ∂/∂x = −2z/(β(1 + z²)) and ∂/∂β = (z² − 1)/(β(1 + z²)), z = x/β, to the refs;
    /// for x &lt; 0 it returns −∞ and leaves the refs unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T beta, ref T dx, ref T dbeta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x < T.Zero)
        {
            return T.NegativeInfinity;
        }

        T dalpha = T.Zero;
        return Numerics.Constant<T>(Numerics.LogTwo) + Cauchy.LogDensity(x, T.Zero, beta, ref dx, ref dalpha, ref dbeta);
    }
}

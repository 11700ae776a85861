using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The improper flat density on the positive half-line, p(x) ∝ 1 for x ≥ 0.</summary>
public static class HalfFlat
{
    /// <summary>x ranges over [0, ∞).</summary>
    public const Support Domain = Support.Positive;

    /// <summary>
    /// log HalfFlat(x) = 0 for x ≥ 0, −∞ for x &lt; 0 (unnormalised: there is no normalising constant); NaN for a NaN x,
    /// as every other density.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x < T.Zero ? T.NegativeInfinity : x - x;

    /// <summary><see cref="LogDensity{T}(T)"/>; ∂/∂x = 0, so <paramref name="dx"/> is left as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, ref T dx)
        where T : unmanaged, IFloatingPointIeee754<T>
        => LogDensity(x);
}

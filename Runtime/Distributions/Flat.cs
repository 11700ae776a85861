using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The improper flat density on the real line, p(x) ∝ 1: its log is 0 and adds nothing to any gradient.</summary>
public static class Flat
{
    /// <summary>x ranges over the real line.</summary>
    public const Support Domain = Support.Real;

    /// <summary>
    /// log Flat(x) = 0 (unnormalised: there is no normalising constant), computed as x − x so that a NaN x gives NaN
    /// as every other density does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x - x;

    /// <summary><see cref="LogDensity{T}(T)"/>; ∂/∂x = 0, so <paramref name="dx"/> is left as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, ref T dx)
        where T : unmanaged, IFloatingPointIeee754<T>
        => LogDensity(x);
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>The continuous uniform distribution Uniform(lower, upper), on lower ≤ x ≤ upper.</summary>
public static class Uniform
{
    /// <summary>x ranges over [lower, upper], given by the arguments.</summary>
    public const Support Domain = Support.Interval;

    /// <summary>
    /// log Uniform(x | lower, upper) = −log(upper − lower) for lower ≤ x ≤ upper, −∞ elsewhere, NaN for NaN x
    /// (as every other density gives). lower &lt; upper is required (not validated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T lower, T upper)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x < lower || x > upper ? T.NegativeInfinity : T.IsNaN(x) ? x : -T.Log(upper - lower);

    /// <summary>
    /// <see cref="LogDensity{T}(T, T, T)"/>, adding ∂/∂x = 0, ∂/∂lower = 1/(upper − lower) and ∂/∂upper = −1/(upper − lower)
    /// to the refs. Outside [lower, upper] it returns −∞, for NaN x NaN, and leaves the refs unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LogDensity<T>(T x, T lower, T upper, ref T dx, ref T dlower, ref T dupper)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x >= lower && x <= upper))
        {
            return T.IsNaN(x) ? x : T.NegativeInfinity;
        }

        T width = upper - lower;
        T inverse = T.One / width;
        dlower += inverse;
        dupper -= inverse;
        return -T.Log(width);
    }
}

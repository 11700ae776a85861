using System.Numerics;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>Distances in units in the last place of <typeparamref name="T"/>, measured in <see cref="double"/>.</summary>
internal static class Ulp
{
    /// <summary>
    /// The spacing of <typeparamref name="T"/> at <paramref name="y"/>: the gap to the next value away from
    /// zero (toward zero at the largest finite value). At 0 and in the subnormal range it is the smallest
    /// subnormal, so an absolute error there is counted in those fixed steps.
    /// </summary>
    public static double Of<T>(T y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.Abs(y);
        T up = T.BitIncrement(a);
        return double.CreateTruncating(T.IsFinite(up) ? up - a : a - T.BitDecrement(a));
    }

    /// <summary>ulp(1): the machine epsilon 2^(1−p) (not <c>T.Epsilon</c>, which is the smallest subnormal).</summary>
    public static double MachineEpsilon<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => Of(T.One);

    /// <summary>
    /// |actual − expected| in ulps of <paramref name="expected"/>. Equal values (including equal infinities)
    /// and two NaNs are 0; NaN against a number, or an infinity against anything else, is +∞.
    /// </summary>
    public static double Between<T>(T actual, T expected)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(actual) || T.IsNaN(expected))
        {
            return T.IsNaN(actual) && T.IsNaN(expected) ? 0 : double.PositiveInfinity;
        }

        if (actual == expected)
        {
            return 0;
        }

        if (!T.IsFinite(actual) || !T.IsFinite(expected))
        {
            return double.PositiveInfinity;
        }

        return Math.Abs(double.CreateTruncating(actual) - double.CreateTruncating(expected)) / Of(expected);
    }
}

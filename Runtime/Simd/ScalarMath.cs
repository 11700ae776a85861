using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Simd;

/// <summary>Scalar functions the BCL lacks in an accurate form.</summary>
public static class ScalarMath
{
    /// <summary>
    /// log(1 + x) accurate to a few ulp for small x (.NET's <c>LogP1</c> is <c>Log(x + 1)</c>, which loses
    /// everything below ε). Kahan's trick: with u = 1 + x rounded, log(u)·x/(u − 1) cancels the rounding of u.
    /// log1p(+∞) = +∞, log1p(−1) = −∞, NaN below −1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log1P<T>(T x)
        where T : IFloatingPointIeee754<T>
    {
        T u = T.One + x;
        T d = u - T.One;
        if (d == T.Zero)
        {
            return x;
        }

        if (T.IsPositiveInfinity(x))
        {
            return x;
        }

        // log(u)·x overflows for x near the largest finite value (and at x = −1, where log u = −∞): divide first there.
        T product = T.Log(u) * x;
        return T.IsFinite(product) ? product / d : T.Log(u) * (x / d);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Distributions;

/// <summary>Constants and accurate elementary functions the distributions and constraint transforms share.</summary>
internal static class Numerics
{
    /// <summary>log 2.</summary>
    public const double LogTwo = 0.693147180559945309417232121458;

    /// <summary>log π.</summary>
    public const double LogPi = 1.14472988584940017414342735135;

    /// <summary>Euler–Mascheroni constant γ.</summary>
    public const double EulerGamma = 0.577215664901532860606512090082;

    /// <summary><paramref name="value"/> in <typeparamref name="T"/>; the JIT folds it to a constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Constant<T>(double value)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateChecked(value);

    /// <summary>
    /// log(1 + x) to a few ulp for small x (.NET's <c>LogP1</c> is <c>Log(x + 1)</c>). Kahan's trick: with u = 1 + x
    /// rounded, log(u)·x/(u − 1) cancels the rounding of u. Unlike the plain trick, +∞ maps to +∞ instead of NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log1P<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T u = T.One + x;
        T d = u - T.One;
        return d == T.Zero ? x : T.IsPositiveInfinity(u) ? u : T.Log(u) * x / d;
    }

    /// <summary>
    /// exp(x) − 1 to a few ulp for small x (.NET's <c>ExpM1</c> is <c>Exp(x) − 1</c>). Kahan's trick: with u = eˣ
    /// rounded, (u − 1)·x/log u cancels the rounding of u.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ExpM1<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T u = T.Exp(x);
        T d = u - T.One;
        if (d == T.Zero)
        {
            return x;
        }

        return d == -T.One || T.IsPositiveInfinity(u) ? d : d * x / T.Log(u);
    }

    /// <summary>
    /// log(1 + z²/ν), finite for every finite z: where z²/ν overflows, 2 log |z| − log ν (the dropped ν/z² is below
    /// 10⁻³⁰⁰). The Cauchy (ν = 1) and Student t kernels use it, so their log densities stay finite in the far tails.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log1PSquareOver<T>(T z, T nu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T r = z * z / nu;
        return T.IsPositiveInfinity(r) && T.IsFinite(z) ? (T.CreateChecked(2) * T.Log(T.Abs(z))) - T.Log(nu) : Log1P(r);
    }

    /// <summary>z/(ν + z²) as 1/(z + ν/z), which neither overflows for large |z| nor divides by zero at z = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ZOverNuPlusZSquared<T>(T z, T nu)
        where T : unmanaged, IFloatingPointIeee754<T>
        => z == T.Zero ? z : T.One / (z + (nu / z));
}

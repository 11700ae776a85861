using System.Numerics;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>
/// How far each vector operator may be from its reference, in ulps of the reference value, and why.
/// The bounds are derived from the algorithm in SimdTemplate.txt, never fitted to what a machine happens
/// to produce: each is (error of the vector code) + (error of the reference it is compared with).
/// </summary>
internal static class Tolerance
{
    /// <summary>
    /// The vector exp's own error against the true value. .NET's <c>Vector*.Exp</c> is a port of AMD's
    /// AOCL vector exp: a table-free polynomial, not correctly rounded, near 1 ulp. 3 covers it on every
    /// path (with or without FMA, in hardware or emulated), with margin.
    /// </summary>
    public const double VectorExpUlps = 3;

    /// <summary>
    /// The scalar reference's own error: MathF/Math call the C library's exp and tanh, which are faithful
    /// (exp) or within a couple of ulps (tanh), not correctly rounded either.
    /// </summary>
    public const double ReferenceUlps = 2;

    /// <summary>Exp against the library exp: the two errors add.</summary>
    public const double Exp = VectorExpUlps + 1;

    /// <summary>
    /// The vector log against <see cref="Math.Log(double)"/> rounded to <typeparamref name="T"/>. The template is
    /// fdlibm's log: its documented error is below 1 ulp (the polynomial's 2⁻³⁴/2⁻⁵⁸ is far below half an ulp,
    /// the rest is the rounding of the last few operations; fused multiply-adds only remove roundings). The
    /// reference adds ½ ulp for float (a double log, within 2⁻²⁹ float ulps of the truth, then rounded) and
    /// 1 ulp for double (the C library's log is documented within 1 ulp): 1.5 ulps for float, 2 for double.
    /// </summary>
    public static double Log<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? 1.5 : 2;

    /// <summary>
    /// The vector log1p against <see cref="Log1POracle"/> rounded to <typeparamref name="T"/>. The template returns
    /// log u + c/u with u = 1 + x rounded and c its exact rounding error; the neglected (c/u)²/2 is below ε². Its
    /// error is the vector log's, 1 ulp of log u, which is at most 2 ulps of the result (the correction c/u can
    /// move the sum just below a power of two), plus ½ for the final addition: 2.5 ulps. The oracle adds ½ ulp for
    /// float (it is computed in double) and, for double, its own 2.5 by the same argument with the library log
    /// (the Taylor branch near 0 is exact to double precision): 3 ulps for float, 5 for double.
    /// </summary>
    public static double Log1P<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? 3 : 5;

    /// <summary>
    /// log(1 + x) in double for finite x &gt; −1: for |x| &lt; 2⁻¹⁴ its Taylor series to x⁵ (the omitted x⁶/6 is
    /// below 2⁻⁶⁰ relative to x); otherwise log(hi) + lo/hi with 1 + x = hi + lo split exactly by Fast2Sum.
    /// </summary>
    public static double Log1POracle(double x)
    {
        if (Math.Abs(x) < 1.0 / 16384)
        {
            return x * (1 - (x * ((1.0 / 2) - (x * ((1.0 / 3) - (x * ((1.0 / 4) - (x / 5))))))));
        }

        double hi = 1 + x;
        double lo = Math.Abs(x) <= 1 ? x - (hi - 1) : 1 - (hi - x);
        return Math.Log(hi) + (lo / hi);
    }

    /// <summary>
    /// σ(x) with e = exp(−|x|): for x ≥ 0, 1/(1 + e) damps e's error by e/(1 + e) ≤ ½, then two roundings;
    /// for x &lt; 0, e·r carries e's full error plus r's and one more rounding: at most 3 + 1 + ½ ulps. The
    /// reference's MathF.Exp(x)/(1 + MathF.Exp(x)) adds its exp's ulp and two roundings, 2 ulps: 7 in all.
    /// </summary>
    public const double Sigmoid = 7;

    /// <summary>
    /// softplus against the double-precision oracle <see cref="SoftplusOracle"/>. The vector code computes
    /// max(x, 0) + log1p(e), e = exp(−|x|), log1p by Kahan's u = 1 + e, log(u)·e/(u − 1). The condition
    /// number of log1p(e) in e is e/((1 + e)·log1p(e)) ≤ 1, so exp's 3 ulps pass through at most once;
    /// Kahan's formula is within 5ε with an exact log (Goldberg 1991, Theorem 4), the vector log adds ~1 ulp,
    /// and the final addition ½. Counting ε as up to 2 ulps: 3 + 10 + 1 + ½, and the oracle's own error
    /// (½ ulp for float, rounded from double; 3 ulps for double): 15 ulps for float, 18 for double.
    /// </summary>
    public static double Softplus<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? 15 : 18;

    /// <summary>
    /// Bounds for tanh at <paramref name="x"/> against the library tanh (whose value is <paramref name="expected"/>), in its ulps.
    /// <para>
    /// Double: E/(E + 2) with E = e^{2|x|} − 1 from our own expm1 (see SimdTemplate.txt), within
    /// <see cref="TanhDoubleTests.Bound"/> = 3 ulps of the exact value (derived there, and checked against a 27-digit oracle);
    /// the library's own error, <see cref="ReferenceUlps"/> (glibc's tanh is up to 1.98 ulps off, at −0.227), adds.
    /// </para>
    /// </summary>
    public static double Tanh<T>(T x, T expected)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            // Float is x·P(x²)/Q(x²), a rational fit with relative error 9.2e-9 (0.08 ulp) on |x| ≤ 9.2, clamped beyond (tanh
            // rounds to ±1 there). P and Q have positive leading terms that dominate for x² ≤ 81, so the Horner steps
            // do not cancel: each of the 10 fused steps, the product and the division round once, ≤ ½ ulp relative each,
            // ≤ 6 ulps in all in the worst alignment.
            return ReferenceUlps + 6;
        }

        return ReferenceUlps + TanhDoubleTests.Bound;
    }

    /// <summary>
    /// a·b + c where the vector code may or may not fuse (MultiplyAddEstimate) and the scalar reference does
    /// not: each result is within ½ ulp(a·b) + ½ ulp(result) of the exact value, so they differ by at most
    /// ulp(a·b) + ulp(result), an absolute bound.
    /// </summary>
    public static double MultiplyAddAbsolute<T>(T a, T b, T expected)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Ulp.Of(a * b) + Ulp.Of(expected);

    /// <summary>
    /// softplus(x) = max(x, 0) + log1p(e^{−|x|}) in double, with log1p through the exact split
    /// 1 + e = hi + lo (Fast2Sum, |e| ≤ 1): log(hi) + lo/hi. Within about 3 ulps of double (exp's and
    /// log's ulp, the addition); rounded to float it is within ½ ulp plus a negligible part.
    /// </summary>
    /// <remarks>
    /// Not the scalar reference: ScalarF/ScalarD compute log(1 + e) without the split (double.LogP1 is
    /// log(1 + x) in .NET), which loses e's digits for x &lt; 0 and returns 0 below x ≈ −36.7.
    /// </remarks>
    public static double SoftplusOracle(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        double hi = 1 + e;
        double lo = e - (hi - 1);
        return Math.Max(x, 0) + (Math.Log(hi) + (lo / hi));
    }
}

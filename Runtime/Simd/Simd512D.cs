using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector512&lt;double&gt;</c>: 512-bit registers of double.</summary>
public readonly struct Simd512D : ISimd<Vector512<double>, double>
{
    // Double tanh: t = E/(E + 2), E = e^{2c} − 1, c = min(|x|, 19.1) (past 19.06 tanh rounds to ±1: 2e^{-2·19.1} < 2⁻⁵⁴).
    // E = 2ⁿ·(e^r − 1) + (2ⁿ − 1) with 2c = n·ln 2 + r, n = ⌊2c·log₂e⌋ in 0…55, r in [0, ln 2): both terms ≥ 0, so
    // nothing cancels, and for n = 0 (|x| < 0.35) E is e^r − 1 itself, relative to the last bit down to the subnormals.
    // e^r − 1 = r + r²·S(r), S our own minimax fit of degree 10 on [−0.001, 1.001·ln 2] (Remez, 60 digits; relative
    // error 2.9e-19 of e^r − 1). 2·log₂e, and 1.5·2^52, which rounds to an integer when added.
    private const double TanhClamp = 19.1d;
    private const double TwoLog2E = 2.8853900817779268d;
    private const double RoundingShift = 6755399441055744d;
    private const double Expm1S0 = 0.5000000000000001d;
    private const double Expm1S1 = 0.16666666666666002d;
    private const double Expm1S2 = 0.04166666666686299d;
    private const double Expm1S3 = 0.008333333330452873d;
    private const double Expm1S4 = 0.0013888889133701558d;
    private const double Expm1S5 = 0.00019841256797044343d;
    private const double Expm1S6 = 2.4802041095612452e-05d;
    private const double Expm1S7 = 2.754686538520911e-06d;
    private const double Expm1S8 = 2.7715033379845207e-07d;
    private const double Expm1S9 = 2.3562885783824302e-08d;
    private const double Expm1S10 = 2.8722980854035584e-09d;

    // exp's constants (float; double uses .NET's exp): log₂e; ln 2 split so n·Ln2High is exact; 1.5·2^52, which rounds to an integer
    // when added, and its bit pattern; and the range, beyond which the result is 0 (below ExpLow, under
    // half the smallest subnormal) or ∞ (above ln of the largest finite value).

    // log's constants. Ln 2 split so k·Ln2High is exact for every exponent k: for float the exp split above,
    // for double fdlibm's (32 significant bits). The bits of 1 and of √½ rounded; adding their difference to x's
    // bits carries into the exponent exactly when the mantissa reaches √½. The minimax coefficients of R(z) ≈
    // log(1 + f) − f + f²/2 − s·(f²/2), z = s², s = f/(2 + f), from FreeBSD msun's logf (float, |error| < 2⁻³⁴ on
    // |s| ≤ 0.1716) and fdlibm's e_log.c (double, |error| < 2⁻⁵⁸·⁴⁵).
    private const double Ln2High = 6.93147180369123816490e-01d;
    private const double Ln2Low = 1.90821492927058770002e-10d;
    private const ulong OneBits = (ulong)1023 << 52;
    private const ulong SqrtHalfBits = 0x3FE6A09E667F3BCD;
    private const ulong MantissaMask = ((ulong)1 << 52) - 1;
    private const ulong TwoToMantBits = (ulong)(1023 + 52) << 52;
    private const double TwoToMantPlusBias = (1L << 52) + 1023;
    private const double LogP1 = 6.666666666666735130e-01d;
    private const double LogP2 = 3.999999999940941908e-01d;
    private const double LogP3 = 2.857142874366239149e-01d;
    private const double LogP4 = 2.222219843214978396e-01d;
    private const double LogP5 = 1.818357216161805012e-01d;
    private const double LogP6 = 1.531383769920937332e-01d;
    private const double LogP7 = 1.479819860511658591e-01d;

    /// <inheritdoc/>
    public static int Count => Vector512<double>.Count;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Vector512;

    /// <inheritdoc/>
    public static Vector512<double> Zero => Vector512<double>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref readonly double source, nuint offset) => Vector512.LoadUnsafe(in source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LoadBroadcast(ref readonly double source, nuint offset) => Vector512.Create(Unsafe.Add(ref Unsafe.AsRef(in source), offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.MultiplyAddEstimate(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> NegateMultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.MultiplyAddEstimate(-a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Relu(Vector512<double> x) => Vector512.Max(x, Vector512<double>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Step(Vector512<double> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        // Double: .NET's own vector exp, faster here than a degree-13 polynomial with a 64-bit shift.
        return Vector512.Exp(x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x)
    {
        // Our own rather than Vector512.Log: one algorithm with one documented error bound at every width and precision,
        // and about as fast (a Stopwatch loop here put it within ±30% of .NET's, either way by width and type).
        // fdlibm's log (Sun, 1993) in lanes. Subnormals are scaled by 2^52 into the normal range first (the
        // smallest subnormal lands on the smallest normal) and the exponent is charged 52 back.
        Vector512<double> subnormal = Vector512.LessThan(x, Vector512.Create((ulong)1 << 52).AsDouble());
        Vector512<double> scaled = Vector512.ConditionalSelect(subnormal, x * Vector512.Create((double)(1L << 52)), x);
        // x = 2ᵏ·m with m in [√½, √2): one integer add moves the exponent boundary from 1 to √½.
        Vector512<ulong> bits = scaled.AsUInt64() + Vector512.Create(OneBits - SqrtHalfBits);
        Vector512<double> m = ((bits & Vector512.Create(MantissaMask)) + Vector512.Create(SqrtHalfBits)).AsDouble();
        // k as a float without a conversion instruction: the biased exponent in the mantissa of 2^52, then subtracted.
        Vector512<double> k = (Vector512.ShiftRightLogical(bits, 52) | Vector512.Create(TwoToMantBits)).AsDouble() - Vector512.Create(TwoToMantPlusBias);
        k -= subnormal & Vector512.Create((double)52);
        // log m = log(1 + f) = 2·atanh(s), s = f/(2 + f), |s| ≤ 0.1716; f = m − 1 is exact (Sterbenz). Written as
        // f − (f²/2 − s·(f²/2 + R)) so the leading terms carry no rounding beyond f²/2's.
        Vector512<double> f = m - Vector512<double>.One;
        Vector512<double> s = f / (Vector512.Create(2d) + f);
        Vector512<double> z = s * s;
        Vector512<double> r = Vector512.Create(LogP7);
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP6));
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP5));
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP4));
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP3));
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP2));
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP1));
        r *= z;
        Vector512<double> halfSquare = Vector512.Create(0.5d) * f * f;
        // k·ln 2 + log m, with k·Ln2Low folded into the small terms and k·Ln2High (exact) added last.
        Vector512<double> small = Vector512.MultiplyAddEstimate(s, halfSquare + r, k * Vector512.Create(Ln2Low));
        Vector512<double> result = Vector512.MultiplyAddEstimate(k, Vector512.Create(Ln2High), f - (halfSquare - small));
        // log(+∞) = +∞, log(±0) = −∞, and NaN for x < 0 or NaN (the comparison x ≥ 0 is false for both).
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(double.PositiveInfinity)), x, result);
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero), Vector512.Create(double.NegativeInfinity), result);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero), result, Vector512.Create(double.NaN));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log1P(Vector512<double> x)
    {
        // log1p x = log u + log(1 + c/u) ≈ log u + c/u, where u = 1 + x rounded and c = (1 + x) − u its rounding error,
        // exact by Fast2Sum (the larger of 1 and x first). The omitted (c/u)²/2 is below ε²: the error is log's.
        // Where u rounds to 1, log u = 0 and c = x: tiny x come back exactly, and −0 is selected so it keeps its sign.
        Vector512<double> u = Vector512<double>.One + x;
        Vector512<double> c = Vector512.ConditionalSelect(
            Vector512.LessThanOrEqual(Vector512.Abs(x), Vector512<double>.One),
            x - (u - Vector512<double>.One),
            Vector512<double>.One - (u - x));
        Vector512<double> result = Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<double>.One), x, Log(u) + (c / u));
        // log1p(+∞) = +∞ (c would be ∞ − ∞) and log1p(−1) = −∞ (c/u would be 0/0); x < −1 and NaN are NaN through Log.
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(double.PositiveInfinity)), x, result);
        return Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<double>.Zero), Vector512.Create(double.NegativeInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x)
    {
        // Double: one formula for every |x|, no branch and no select; the sign is put back last, so −0 stays −0. NaN survives
        // the clamp (MinNative returns its second operand when one is NaN) and every step after it.
        Vector512<double> ax = Vector512.Abs(x);
        Vector512<double> c = Vector512.MinNative(Vector512.Create(TanhClamp), ax);
        // n = ⌊2c·log₂e⌋: 2c·log₂e − ½ rounded to an integer by adding 1.5·2^52, which leaves n in the low mantissa bits.
        Vector512<double> shifted = Vector512.MultiplyAddEstimate(c, Vector512.Create(TwoLog2E), Vector512.Create(-0.5d)) + Vector512.Create(RoundingShift);
        Vector512<double> n = shifted - Vector512.Create(RoundingShift);
        // r = 2c − n·ln 2 (Cody–Waite: n·Ln2High is exact, Ln2Low the rest), then e^r − 1 = r + r²·S(r) by Horner.
        Vector512<double> r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2High), c + c);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Low), r);
        Vector512<double> s = Vector512.MultiplyAddEstimate(Vector512.Create(Expm1S10), r, Vector512.Create(Expm1S9));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S8));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S7));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S6));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S5));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S4));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S3));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S2));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S1));
        s = Vector512.MultiplyAddEstimate(s, r, Vector512.Create(Expm1S0));
        Vector512<double> em1 = Vector512.MultiplyAddEstimate(r * r, s, r);
        // 2ⁿ from n's bits shifted into the exponent field of 1; 2ⁿ − 1 is exact for n ≤ 53 (above, E ≥ 2⁵⁴ and t is 1).
        Vector512<double> scale = (Vector512.ShiftLeft(shifted.AsUInt64(), 52) + Vector512.Create(OneBits)).AsDouble();
        Vector512<double> expm1 = Vector512.MultiplyAddEstimate(scale, em1, scale - Vector512<double>.One);
        // t = E/(E + 2): E's relative error reaches t damped by 1 − t; E + 2 and the quotient round once each. Undoing those two
        // roundings (Fast2Sum for E + 2, the FMA residual of the quotient, ~8 more operations) took the worst case from 2.1 to
        // 1.5 ulps but cost 35% of the tanh's time and all of the gradient's gain, so it is not done (docs/performance.md).
        Vector512<double> t = expm1 / (expm1 + Vector512.Create(2d));
        return Vector512.CopySign(t, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> x)
    {
        // e = exp(-|x|) never overflows; σ(x) = 1/(1+e) for x ≥ 0 and e/(1+e) below.
        Vector512<double> e = Exp(-Vector512.Abs(x));
        Vector512<double> r = Vector512<double>.One / (Vector512<double>.One + e);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Softplus(Vector512<double> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e), e = e^{-|x|} in (0, 1]. log1p(e) = 2·atanh(s) with s = e/(2 + e) ≤ 1/3,
        // summed as 2s·Σ s^{2k}/(2k + 1): no cancellation for tiny e, no overflow for any x.
        Vector512<double> e = Exp(-Vector512.Abs(x));
        Vector512<double> s = e / (Vector512.Create(2d) + e);
        Vector512<double> s2 = s * s;
        Vector512<double> q = Vector512.Create(1d / 33d);
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 31d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 29d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 27d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 25d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 23d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 21d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 19d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 17d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 15d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 13d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 11d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 9d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 7d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 5d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1d / 3d));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512<double>.One);
        return Vector512.MultiplyAddEstimate(s + s, q, Vector512.Max(x, Vector512<double>.Zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector512<double> x) => Vector512.Sum(x);
}

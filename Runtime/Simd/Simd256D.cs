using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector256&lt;double&gt;</c>: 256-bit registers of double.</summary>
public readonly struct Simd256D : ISimd<Vector256<double>, double>
{
    // Below this |x| tanh uses its odd Taylor polynomial: 1 - e^{-2|x|} would cancel there.
    private const double TanhSeriesBound = 0.05d;

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
    public static int Count => Vector256<double>.Count;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Vector256;

    /// <inheritdoc/>
    public static Vector256<double> Zero => Vector256<double>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref readonly double source, nuint offset) => Vector256.LoadUnsafe(in source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LoadBroadcast(ref readonly double source, nuint offset) => Vector256.Create(Unsafe.Add(ref Unsafe.AsRef(in source), offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.MultiplyAddEstimate(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> NegateMultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.MultiplyAddEstimate(-a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Relu(Vector256<double> x) => Vector256.Max(x, Vector256<double>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Step(Vector256<double> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), Vector256<double>.One, Vector256<double>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        // Double: .NET's own vector exp, faster here than a degree-13 polynomial with a 64-bit shift.
        return Vector256.Exp(x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x)
    {
        // Our own rather than Vector256.Log: one algorithm with one documented error bound at every width and precision,
        // and about as fast (a Stopwatch loop here put it within ±30% of .NET's, either way by width and type).
        // fdlibm's log (Sun, 1993) in lanes. Subnormals are scaled by 2^52 into the normal range first (the
        // smallest subnormal lands on the smallest normal) and the exponent is charged 52 back.
        Vector256<double> subnormal = Vector256.LessThan(x, Vector256.Create((ulong)1 << 52).AsDouble());
        Vector256<double> scaled = Vector256.ConditionalSelect(subnormal, x * Vector256.Create((double)(1L << 52)), x);
        // x = 2ᵏ·m with m in [√½, √2): one integer add moves the exponent boundary from 1 to √½.
        Vector256<ulong> bits = scaled.AsUInt64() + Vector256.Create(OneBits - SqrtHalfBits);
        Vector256<double> m = ((bits & Vector256.Create(MantissaMask)) + Vector256.Create(SqrtHalfBits)).AsDouble();
        // k as a float without a conversion instruction: the biased exponent in the mantissa of 2^52, then subtracted.
        Vector256<double> k = (Vector256.ShiftRightLogical(bits, 52) | Vector256.Create(TwoToMantBits)).AsDouble() - Vector256.Create(TwoToMantPlusBias);
        k -= subnormal & Vector256.Create((double)52);
        // log m = log(1 + f) = 2·atanh(s), s = f/(2 + f), |s| ≤ 0.1716; f = m − 1 is exact (Sterbenz). Written as
        // f − (f²/2 − s·(f²/2 + R)) so the leading terms carry no rounding beyond f²/2's.
        Vector256<double> f = m - Vector256<double>.One;
        Vector256<double> s = f / (Vector256.Create(2d) + f);
        Vector256<double> z = s * s;
        Vector256<double> r = Vector256.Create(LogP7);
        r = Vector256.MultiplyAddEstimate(r, z, Vector256.Create(LogP6));
        r = Vector256.MultiplyAddEstimate(r, z, Vector256.Create(LogP5));
        r = Vector256.MultiplyAddEstimate(r, z, Vector256.Create(LogP4));
        r = Vector256.MultiplyAddEstimate(r, z, Vector256.Create(LogP3));
        r = Vector256.MultiplyAddEstimate(r, z, Vector256.Create(LogP2));
        r = Vector256.MultiplyAddEstimate(r, z, Vector256.Create(LogP1));
        r *= z;
        Vector256<double> halfSquare = Vector256.Create(0.5d) * f * f;
        // k·ln 2 + log m, with k·Ln2Low folded into the small terms and k·Ln2High (exact) added last.
        Vector256<double> small = Vector256.MultiplyAddEstimate(s, halfSquare + r, k * Vector256.Create(Ln2Low));
        Vector256<double> result = Vector256.MultiplyAddEstimate(k, Vector256.Create(Ln2High), f - (halfSquare - small));
        // log(+∞) = +∞, log(±0) = −∞, and NaN for x < 0 or NaN (the comparison x ≥ 0 is false for both).
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(double.PositiveInfinity)), x, result);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<double>.Zero), Vector256.Create(double.NegativeInfinity), result);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<double>.Zero), result, Vector256.Create(double.NaN));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log1P(Vector256<double> x)
    {
        // log1p x = log u + log(1 + c/u) ≈ log u + c/u, where u = 1 + x rounded and c = (1 + x) − u its rounding error,
        // exact by Fast2Sum (the larger of 1 and x first). The omitted (c/u)²/2 is below ε²: the error is log's.
        // Where u rounds to 1, log u = 0 and c = x: tiny x come back exactly, and −0 is selected so it keeps its sign.
        Vector256<double> u = Vector256<double>.One + x;
        Vector256<double> c = Vector256.ConditionalSelect(
            Vector256.LessThanOrEqual(Vector256.Abs(x), Vector256<double>.One),
            x - (u - Vector256<double>.One),
            Vector256<double>.One - (u - x));
        Vector256<double> result = Vector256.ConditionalSelect(Vector256.Equals(u, Vector256<double>.One), x, Log(u) + (c / u));
        // log1p(+∞) = +∞ (c would be ∞ − ∞) and log1p(−1) = −∞ (c/u would be 0/0); x < −1 and NaN are NaN through Log.
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(double.PositiveInfinity)), x, result);
        return Vector256.ConditionalSelect(Vector256.Equals(u, Vector256<double>.Zero), Vector256.Create(double.NegativeInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> ax = Vector256.Abs(x);
        // tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1]: no overflow for any x.
        Vector256<double> e = Exp(ax * Vector256.Create(-2d));
        Vector256<double> t = (Vector256<double>.One - e) / (Vector256<double>.One + e);
        // Near zero: x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835, the error far below one ulp for |x| < 0.05.
        Vector256<double> x2 = ax * ax;
        Vector256<double> p = Vector256.MultiplyAddEstimate(x2, Vector256.Create(62d / 2835d), Vector256.Create(-17d / 315d));
        p = Vector256.MultiplyAddEstimate(x2, p, Vector256.Create(2d / 15d));
        p = Vector256.MultiplyAddEstimate(x2, p, Vector256.Create(-1d / 3d));
        p = Vector256.MultiplyAddEstimate(x2 * ax, p, ax);
        t = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TanhSeriesBound)), p, t);
        return Vector256.CopySign(t, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sigmoid(Vector256<double> x)
    {
        // e = exp(-|x|) never overflows; σ(x) = 1/(1+e) for x ≥ 0 and e/(1+e) below.
        Vector256<double> e = Exp(-Vector256.Abs(x));
        Vector256<double> r = Vector256<double>.One / (Vector256<double>.One + e);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<double>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Softplus(Vector256<double> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e), e = e^{-|x|} in (0, 1]. log1p(e) = 2·atanh(s) with s = e/(2 + e) ≤ 1/3,
        // summed as 2s·Σ s^{2k}/(2k + 1): no cancellation for tiny e, no overflow for any x.
        Vector256<double> e = Exp(-Vector256.Abs(x));
        Vector256<double> s = e / (Vector256.Create(2d) + e);
        Vector256<double> s2 = s * s;
        Vector256<double> q = Vector256.Create(1d / 33d);
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 31d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 29d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 27d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 25d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 23d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 21d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 19d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 17d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 15d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 13d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 11d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 9d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 7d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 5d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256.Create(1d / 3d));
        q = Vector256.MultiplyAddEstimate(q, s2, Vector256<double>.One);
        return Vector256.MultiplyAddEstimate(s + s, q, Vector256.Max(x, Vector256<double>.Zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector256<double> x) => Vector256.Sum(x);
}

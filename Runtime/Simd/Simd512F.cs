using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector512&lt;float&gt;</c>: 512-bit registers of float.</summary>
public readonly struct Simd512F : ISimd<Vector512<float>, float>
{
    private const float TanhClamp = 9.2f;
    private const float TanhP0 = 0.9999999969383523f;
    private const float TanhP1 = 0.13077488503425633f;
    private const float TanhP2 = 0.0030966047957850935f;
    private const float TanhP3 = 1.1075475700809509e-5f;
    private const float TanhP4 = -1.9893653577060125e-8f;
    private const float TanhP5 = 5.1121417310100522e-11f;
    private const float TanhP6 = -8.0484806843375984e-14f;
    private const float TanhQ1 = 0.46410816450661052f;
    private const float TanhQ2 = 0.024466088238983915f;
    private const float TanhQ3 = 0.00025353267723147752f;

    // Box–Muller's float transcendentals (Rng.FillNormal), written for the arguments it gives them: ln u for u in (0, 1],
    // and sin, cos of a quarter-turn count t = 4u₂ in [0, 4). .NET's Vector*.Log and SinCos for float take any argument and
    // work in double inside; these take only what they are given and stay in float (40 normals: 160 → ~60 ns on AVX-512).
    // ln u: u = 2^e m with m in [√½, √2), ln u = e ln 2 + ln m, ln m by Cephes' logf polynomial in f = m − 1 (Moshier,
    // Cephes Math Library), ln 2 in the two parts above so that e ln 2 adds no rounding error. sin, cos: t = q + r with
    // q = round(t), an integer 0 … 4, and r in [−½, ½], both exact because t is a multiple of 2^-22 below 4; sin(πr/2) and
    // cos(πr/2) are Taylor polynomials to r⁹ and r¹⁰ (the first omitted terms below 2·10⁻⁹ for |r| ≤ ½, under a float
    // ulp), and the quadrant q swaps and negates them. Over every possible input (2^24 of each, BoxMullerSingleTests): a few
    // float ulps from the double-precision values; the tests hold them to 4.
    // Cephes logf: ln(1 + f) = f − f²/2 + f³ P(f) for f in [√½ − 1, √2 − 1].
    private const float UnitLogP0 = 7.0376836292E-2f;
    private const float UnitLogP1 = -1.1514610310E-1f;
    private const float UnitLogP2 = 1.1676998740E-1f;
    private const float UnitLogP3 = -1.2420140846E-1f;
    private const float UnitLogP4 = 1.4249322787E-1f;
    private const float UnitLogP5 = -1.6668057665E-1f;
    private const float UnitLogP6 = 2.0000714765E-1f;
    private const float UnitLogP7 = -2.4999993993E-1f;
    private const float UnitLogP8 = 3.3333331174E-1f;

    private const float Sqrt2 = 1.41421356f;

    // sin(πr/2) = r (QuarterSin1 + QuarterSin3 r² + QuarterSin5 r⁴ + QuarterSin7 r⁶ + QuarterSin9 r⁸); cos(πr/2) = 1 + QuarterCos2 r² + … + QuarterCos10 r¹⁰: (π/2)^k / k! with signs.
    private const float QuarterSin1 = 1.5707963267948966f;
    private const float QuarterSin3 = -0.6459640975062462f;
    private const float QuarterSin5 = 0.07969262624616703f;
    private const float QuarterSin7 = -0.004681754135318687f;
    private const float QuarterSin9 = 0.00016044118478735975f;
    private const float QuarterCos2 = -1.2337005501361697f;
    private const float QuarterCos4 = 0.253669507901048f;
    private const float QuarterCos6 = -0.020863480763352957f;
    private const float QuarterCos8 = 0.0009192602748394263f;
    private const float QuarterCos10 = -2.5202042373060596e-05f;

    // exp's constants (float; double uses .NET's exp): log₂e; ln 2 split so n·Ln2High is exact; 1.5·2^23, which rounds to an integer
    // when added, and its bit pattern; and the range, beyond which the result is 0 (below ExpLow, under
    // half the smallest subnormal) or ∞ (above ln of the largest finite value).
    private const float Log2E = 1.44269504088896340736f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float RoundingShift = 12582912f;
    private const float ExpLow = -104f;
    private const int MagicBits = 0x4B400000;
    private const float ExpHigh = 88.7228391f;

    // log's constants. Ln 2 split so k·Ln2High is exact for every exponent k: for float the exp split above,
    // for double fdlibm's (32 significant bits). The bits of 1 and of √½ rounded; adding their difference to x's
    // bits carries into the exponent exactly when the mantissa reaches √½. The minimax coefficients of R(z) ≈
    // log(1 + f) − f + f²/2 − s·(f²/2), z = s², s = f/(2 + f), from FreeBSD msun's logf (float, |error| < 2⁻³⁴ on
    // |s| ≤ 0.1716) and fdlibm's e_log.c (double, |error| < 2⁻⁵⁸·⁴⁵).
    private const uint OneBits = (uint)127 << 23;
    private const uint SqrtHalfBits = 0x3F3504F3;
    private const uint MantissaMask = ((uint)1 << 23) - 1;
    private const uint TwoToMantBits = (uint)(127 + 23) << 23;
    private const float TwoToMantPlusBias = (1L << 23) + 127;
    private const float LogP1 = 0.666666627f;
    private const float LogP2 = 0.400009722f;
    private const float LogP3 = 0.284987867f;
    private const float LogP4 = 0.242790788f;

    /// <inheritdoc/>
    public static int Count => Vector512<float>.Count;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Vector512;

    /// <inheritdoc/>
    public static Vector512<float> Zero => Vector512<float>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref readonly float source, nuint offset) => Vector512.LoadUnsafe(in source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadBroadcast(ref readonly float source, nuint offset) => Vector512.Create(Unsafe.Add(ref Unsafe.AsRef(in source), offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> NegateMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(-a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Step(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One, Vector512<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // exp(x) = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln 2 (ln 2 in two parts, Cody–Waite), |r| ≤ ½ ln 2.
        // Adding 1.5·2^23 rounds x·log₂e to an integer held in the low mantissa bits: n with no conversion.
        Vector512<float> t = Vector512.MultiplyAddEstimate(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        Vector512<float> n = t - Vector512.Create(RoundingShift);
        Vector512<float> r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2High), x);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Low), r);
        // Float: our own, since .NET's widens to double. eʳ by its Taylor polynomial of degree 7: the truncation error is below 0.05 ulp on |r| ≤ ½ ln 2.
        Vector512<float> p = Vector512.Create(1f / 5040f);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1f / 720f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1f / 120f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1f / 24f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1f / 6f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(0.5f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512<float>.One);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512<float>.One);
        // 2ⁿ as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), each built from n's bits (n + bias shifted into the exponent field):
        // both halves stay normal numbers over the whole range, so results near the top do not overflow early
        // and results in the subnormal range round once, correctly.
        Vector512<int> bits = t.AsInt32() - Vector512.Create(MagicBits);
        Vector512<int> half = Vector512.ShiftRightArithmetic(bits, 1);
        Vector512<float> low = Vector512.ShiftLeft(half + Vector512.Create((int)127), 23).AsSingle();
        Vector512<float> high = Vector512.ShiftLeft(bits - half + Vector512.Create((int)127), 23).AsSingle();
        Vector512<float> result = p * low * high;
        // Outside the range: below it the result rounds to 0, above it ∞; NaN passes through.
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpLow)), Vector512<float>.Zero, result);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpHigh)), Vector512.Create(float.PositiveInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x)
    {
        // Our own rather than Vector512.Log: one algorithm with one documented error bound at every width and precision,
        // and about as fast (a Stopwatch loop here put it within ±30% of .NET's, either way by width and type).
        // fdlibm's log (Sun, 1993) in lanes. Subnormals are scaled by 2^23 into the normal range first (the
        // smallest subnormal lands on the smallest normal) and the exponent is charged 23 back.
        Vector512<float> subnormal = Vector512.LessThan(x, Vector512.Create((uint)1 << 23).AsSingle());
        Vector512<float> scaled = Vector512.ConditionalSelect(subnormal, x * Vector512.Create((float)(1L << 23)), x);
        // x = 2ᵏ·m with m in [√½, √2): one integer add moves the exponent boundary from 1 to √½.
        Vector512<uint> bits = scaled.AsUInt32() + Vector512.Create(OneBits - SqrtHalfBits);
        Vector512<float> m = ((bits & Vector512.Create(MantissaMask)) + Vector512.Create(SqrtHalfBits)).AsSingle();
        // k as a float without a conversion instruction: the biased exponent in the mantissa of 2^23, then subtracted.
        Vector512<float> k = (Vector512.ShiftRightLogical(bits, 23) | Vector512.Create(TwoToMantBits)).AsSingle() - Vector512.Create(TwoToMantPlusBias);
        k -= subnormal & Vector512.Create((float)23);
        // log m = log(1 + f) = 2·atanh(s), s = f/(2 + f), |s| ≤ 0.1716; f = m − 1 is exact (Sterbenz). Written as
        // f − (f²/2 − s·(f²/2 + R)) so the leading terms carry no rounding beyond f²/2's.
        Vector512<float> f = m - Vector512<float>.One;
        Vector512<float> s = f / (Vector512.Create(2f) + f);
        Vector512<float> z = s * s;
        Vector512<float> r = Vector512.Create(LogP4);
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP3));
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP2));
        r = Vector512.MultiplyAddEstimate(r, z, Vector512.Create(LogP1));
        r *= z;
        Vector512<float> halfSquare = Vector512.Create(0.5f) * f * f;
        // k·ln 2 + log m, with k·Ln2Low folded into the small terms and k·Ln2High (exact) added last.
        Vector512<float> small = Vector512.MultiplyAddEstimate(s, halfSquare + r, k * Vector512.Create(Ln2Low));
        Vector512<float> result = Vector512.MultiplyAddEstimate(k, Vector512.Create(Ln2High), f - (halfSquare - small));
        // log(+∞) = +∞, log(±0) = −∞, and NaN for x < 0 or NaN (the comparison x ≥ 0 is false for both).
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(float.PositiveInfinity)), x, result);
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<float>.Zero), Vector512.Create(float.NegativeInfinity), result);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), result, Vector512.Create(float.NaN));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log1P(Vector512<float> x)
    {
        // log1p x = log u + log(1 + c/u) ≈ log u + c/u, where u = 1 + x rounded and c = (1 + x) − u its rounding error,
        // exact by Fast2Sum (the larger of 1 and x first). The omitted (c/u)²/2 is below ε²: the error is log's.
        // Where u rounds to 1, log u = 0 and c = x: tiny x come back exactly, and −0 is selected so it keeps its sign.
        Vector512<float> u = Vector512<float>.One + x;
        Vector512<float> c = Vector512.ConditionalSelect(
            Vector512.LessThanOrEqual(Vector512.Abs(x), Vector512<float>.One),
            x - (u - Vector512<float>.One),
            Vector512<float>.One - (u - x));
        Vector512<float> result = Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<float>.One), x, Log(u) + (c / u));
        // log1p(+∞) = +∞ (c would be ∞ − ∞) and log1p(−1) = −∞ (c/u would be 0/0); x < −1 and NaN are NaN through Log.
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(float.PositiveInfinity)), x, result);
        return Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<float>.Zero), Vector512.Create(float.NegativeInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        // Float: tanh x = x·P(x²)/Q(x²), our own rational minimax fit on |x| ≤ 9.2 (P degree 6, Q degree 3 in x²; relative
        // error 9.2e-9, 0.08 ulp, before rounding), with x clamped to ±9.2, beyond which tanh rounds to ±1: 11 FMAs and
        // one division, no exp, and no separate series near 0 (the fit is relative there too).
        Vector512<float> c = Vector512.Min(Vector512.Max(x, Vector512.Create(-TanhClamp)), Vector512.Create(TanhClamp));
        Vector512<float> c2 = c * c;
        Vector512<float> num = Vector512.MultiplyAddEstimate(c2, Vector512.Create(TanhP6), Vector512.Create(TanhP5));
        num = Vector512.MultiplyAddEstimate(c2, num, Vector512.Create(TanhP4));
        num = Vector512.MultiplyAddEstimate(c2, num, Vector512.Create(TanhP3));
        num = Vector512.MultiplyAddEstimate(c2, num, Vector512.Create(TanhP2));
        num = Vector512.MultiplyAddEstimate(c2, num, Vector512.Create(TanhP1));
        num = Vector512.MultiplyAddEstimate(c2, num, Vector512.Create(TanhP0));
        Vector512<float> den = Vector512.MultiplyAddEstimate(c2, Vector512.Create(TanhQ3), Vector512.Create(TanhQ2));
        den = Vector512.MultiplyAddEstimate(c2, den, Vector512.Create(TanhQ1));
        den = Vector512.MultiplyAddEstimate(c2, den, Vector512<float>.One);
        // Rounding can lift the quotient a hair above 1 near the clamp: clamp the result too. NaN fails both comparisons
        // of each clamp (MinNative/MaxNative keep the operand order's choice, x first) and comes through as NaN.
        return Vector512.Min(Vector512.Max(c * num / den, Vector512.Create(-1f)), Vector512<float>.One);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x)
    {
        // e = exp(-|x|) never overflows; σ(x) = 1/(1+e) for x ≥ 0 and e/(1+e) below.
        Vector512<float> e = Exp(-Vector512.Abs(x));
        Vector512<float> r = Vector512<float>.One / (Vector512<float>.One + e);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Softplus(Vector512<float> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e), e = e^{-|x|} in (0, 1]. log1p(e) = 2·atanh(s) with s = e/(2 + e) ≤ 1/3,
        // summed as 2s·Σ s^{2k}/(2k + 1): no cancellation for tiny e, no overflow for any x.
        Vector512<float> e = Exp(-Vector512.Abs(x));
        Vector512<float> s = e / (Vector512.Create(2f) + e);
        Vector512<float> s2 = s * s;
        Vector512<float> q = Vector512.Create(1f / 15f);
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1f / 13f));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1f / 11f));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1f / 9f));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1f / 7f));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1f / 5f));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512.Create(1f / 3f));
        q = Vector512.MultiplyAddEstimate(q, s2, Vector512<float>.One);
        return Vector512.MultiplyAddEstimate(s + s, q, Vector512.Max(x, Vector512<float>.Zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> x) => Vector512.Sum(x);

    /// <summary>ln u for u in (0, 1] (normal floats: no zero, subnormal, infinity or NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> UnitLog(Vector512<float> u)
    {
        Vector512<int> bits = u.AsInt32();
        Vector512<int> exponent = Vector512.ShiftRightArithmetic(bits, 23) - Vector512.Create(127);
        Vector512<float> m = ((bits & Vector512.Create(0x007FFFFF)) | Vector512.Create(0x3F800000)).AsSingle();

        // m in [1, 2) → [√½, √2): halve the large ones and count them in the exponent (the mask is −1 where true).
        Vector512<float> large = Vector512.GreaterThan(m, Vector512.Create(Sqrt2));
        m = Vector512.ConditionalSelect(large, m * 0.5f, m);
        Vector512<float> e = Vector512.ConvertToSingle(exponent - large.AsInt32());
        Vector512<float> f = m - Vector512<float>.One;
        Vector512<float> z = f * f;

        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(UnitLogP0), f, Vector512.Create(UnitLogP1));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(UnitLogP2));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(UnitLogP3));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(UnitLogP4));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(UnitLogP5));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(UnitLogP6));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(UnitLogP7));
        p = Vector512.FusedMultiplyAdd(p, f, Vector512.Create(UnitLogP8));

        // f − f²/2 + f³ P(f) + e ln 2, the small terms first.
        Vector512<float> y = p * f * z;
        y = Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2Low), y);
        y = Vector512.FusedMultiplyAdd(z, Vector512.Create(-0.5f), y);
        return Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2High), f + y);
    }

    /// <summary>sin and cos of t quarter turns (angle πt/2) for t a multiple of 2^-22 in [0, 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector512<float> Sin, Vector512<float> Cos) SinCosQuarterTurns(Vector512<float> t)
    {
        Vector512<float> q = Vector512.Round(t);
        Vector512<float> r = t - q;
        Vector512<float> r2 = r * r;

        Vector512<float> s = Vector512.FusedMultiplyAdd(Vector512.Create(QuarterSin9), r2, Vector512.Create(QuarterSin7));
        s = Vector512.FusedMultiplyAdd(s, r2, Vector512.Create(QuarterSin5));
        s = Vector512.FusedMultiplyAdd(s, r2, Vector512.Create(QuarterSin3));
        s = Vector512.FusedMultiplyAdd(s, r2, Vector512.Create(QuarterSin1));
        s *= r;

        Vector512<float> c = Vector512.FusedMultiplyAdd(Vector512.Create(QuarterCos10), r2, Vector512.Create(QuarterCos8));
        c = Vector512.FusedMultiplyAdd(c, r2, Vector512.Create(QuarterCos6));
        c = Vector512.FusedMultiplyAdd(c, r2, Vector512.Create(QuarterCos4));
        c = Vector512.FusedMultiplyAdd(c, r2, Vector512.Create(QuarterCos2));
        c = Vector512.FusedMultiplyAdd(c, r2, Vector512<float>.One);

        // Quadrant q: odd q swaps sin and cos; sin is negated for q = 2, 3 and cos for q = 1, 2 (bit 1 of q, q + 1).
        Vector512<int> quadrant = Vector512.ConvertToInt32(q);
        Vector512<float> swap = Vector512.Equals(quadrant & Vector512<int>.One, Vector512<int>.One).AsSingle();
        Vector512<float> sin = Vector512.ConditionalSelect(swap, c, s);
        Vector512<float> cos = Vector512.ConditionalSelect(swap, s, c);
        Vector512<int> sinSign = Vector512.ShiftLeft(quadrant & Vector512.Create(2), 30);
        Vector512<int> cosSign = Vector512.ShiftLeft((quadrant + Vector512<int>.One) & Vector512.Create(2), 30);
        return ((sin.AsInt32() ^ sinSign).AsSingle(), (cos.AsInt32() ^ cosSign).AsSingle());
    }
}

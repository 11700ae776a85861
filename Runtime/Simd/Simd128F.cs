using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector128&lt;float&gt;</c>: 128-bit registers of float.</summary>
public readonly struct Simd128F : ISimd<Vector128<float>, float>
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
    public static int Count => Vector128<float>.Count;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Vector128;

    /// <inheritdoc/>
    public static Vector128<float> Zero => Vector128<float>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref readonly float source, nuint offset) => Vector128.LoadUnsafe(in source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadBroadcast(ref readonly float source, nuint offset) => Vector128.Create(Unsafe.Add(ref Unsafe.AsRef(in source), offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> NegateMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(-a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Step(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128<float>.One, Vector128<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        // exp(x) = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln 2 (ln 2 in two parts, Cody–Waite), |r| ≤ ½ ln 2.
        // Adding 1.5·2^23 rounds x·log₂e to an integer held in the low mantissa bits: n with no conversion.
        Vector128<float> t = Vector128.MultiplyAddEstimate(x, Vector128.Create(Log2E), Vector128.Create(RoundingShift));
        Vector128<float> n = t - Vector128.Create(RoundingShift);
        Vector128<float> r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2High), x);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Low), r);
        // Float: our own, since .NET's widens to double. eʳ by its Taylor polynomial of degree 7: the truncation error is below 0.05 ulp on |r| ≤ ½ ln 2.
        Vector128<float> p = Vector128.Create(1f / 5040f);
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1f / 720f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1f / 120f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1f / 24f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1f / 6f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(0.5f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128<float>.One);
        p = Vector128.MultiplyAddEstimate(p, r, Vector128<float>.One);
        // 2ⁿ as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), each built from n's bits (n + bias shifted into the exponent field):
        // both halves stay normal numbers over the whole range, so results near the top do not overflow early
        // and results in the subnormal range round once, correctly.
        Vector128<int> bits = t.AsInt32() - Vector128.Create(MagicBits);
        Vector128<int> half = Vector128.ShiftRightArithmetic(bits, 1);
        Vector128<float> low = Vector128.ShiftLeft(half + Vector128.Create((int)127), 23).AsSingle();
        Vector128<float> high = Vector128.ShiftLeft(bits - half + Vector128.Create((int)127), 23).AsSingle();
        Vector128<float> result = p * low * high;
        // Outside the range: below it the result rounds to 0, above it ∞; NaN passes through.
        result = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(ExpLow)), Vector128<float>.Zero, result);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(ExpHigh)), Vector128.Create(float.PositiveInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log(Vector128<float> x)
    {
        // Our own rather than Vector128.Log: one algorithm with one documented error bound at every width and precision,
        // and about as fast (a Stopwatch loop here put it within ±30% of .NET's, either way by width and type).
        // fdlibm's log (Sun, 1993) in lanes. Subnormals are scaled by 2^23 into the normal range first (the
        // smallest subnormal lands on the smallest normal) and the exponent is charged 23 back.
        Vector128<float> subnormal = Vector128.LessThan(x, Vector128.Create((uint)1 << 23).AsSingle());
        Vector128<float> scaled = Vector128.ConditionalSelect(subnormal, x * Vector128.Create((float)(1L << 23)), x);
        // x = 2ᵏ·m with m in [√½, √2): one integer add moves the exponent boundary from 1 to √½.
        Vector128<uint> bits = scaled.AsUInt32() + Vector128.Create(OneBits - SqrtHalfBits);
        Vector128<float> m = ((bits & Vector128.Create(MantissaMask)) + Vector128.Create(SqrtHalfBits)).AsSingle();
        // k as a float without a conversion instruction: the biased exponent in the mantissa of 2^23, then subtracted.
        Vector128<float> k = (Vector128.ShiftRightLogical(bits, 23) | Vector128.Create(TwoToMantBits)).AsSingle() - Vector128.Create(TwoToMantPlusBias);
        k -= subnormal & Vector128.Create((float)23);
        // log m = log(1 + f) = 2·atanh(s), s = f/(2 + f), |s| ≤ 0.1716; f = m − 1 is exact (Sterbenz). Written as
        // f − (f²/2 − s·(f²/2 + R)) so the leading terms carry no rounding beyond f²/2's.
        Vector128<float> f = m - Vector128<float>.One;
        Vector128<float> s = f / (Vector128.Create(2f) + f);
        Vector128<float> z = s * s;
        Vector128<float> r = Vector128.Create(LogP4);
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP3));
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP2));
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP1));
        r *= z;
        Vector128<float> halfSquare = Vector128.Create(0.5f) * f * f;
        // k·ln 2 + log m, with k·Ln2Low folded into the small terms and k·Ln2High (exact) added last.
        Vector128<float> small = Vector128.MultiplyAddEstimate(s, halfSquare + r, k * Vector128.Create(Ln2Low));
        Vector128<float> result = Vector128.MultiplyAddEstimate(k, Vector128.Create(Ln2High), f - (halfSquare - small));
        // log(+∞) = +∞, log(±0) = −∞, and NaN for x < 0 or NaN (the comparison x ≥ 0 is false for both).
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(float.PositiveInfinity)), x, result);
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<float>.Zero), Vector128.Create(float.NegativeInfinity), result);
        return Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), result, Vector128.Create(float.NaN));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log1P(Vector128<float> x)
    {
        // log1p x = log u + log(1 + c/u) ≈ log u + c/u, where u = 1 + x rounded and c = (1 + x) − u its rounding error,
        // exact by Fast2Sum (the larger of 1 and x first). The omitted (c/u)²/2 is below ε²: the error is log's.
        // Where u rounds to 1, log u = 0 and c = x: tiny x come back exactly, and −0 is selected so it keeps its sign.
        Vector128<float> u = Vector128<float>.One + x;
        Vector128<float> c = Vector128.ConditionalSelect(
            Vector128.LessThanOrEqual(Vector128.Abs(x), Vector128<float>.One),
            x - (u - Vector128<float>.One),
            Vector128<float>.One - (u - x));
        Vector128<float> result = Vector128.ConditionalSelect(Vector128.Equals(u, Vector128<float>.One), x, Log(u) + (c / u));
        // log1p(+∞) = +∞ (c would be ∞ − ∞) and log1p(−1) = −∞ (c/u would be 0/0); x < −1 and NaN are NaN through Log.
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(float.PositiveInfinity)), x, result);
        return Vector128.ConditionalSelect(Vector128.Equals(u, Vector128<float>.Zero), Vector128.Create(float.NegativeInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        // Float: tanh x = x·P(x²)/Q(x²), our own rational minimax fit on |x| ≤ 9.2 (P degree 6, Q degree 3 in x²; relative
        // error 9.2e-9, 0.08 ulp, before rounding), with x clamped to ±9.2, beyond which tanh rounds to ±1: 11 FMAs and
        // one division, no exp, and no separate series near 0 (the fit is relative there too).
        Vector128<float> c = Vector128.Min(Vector128.Max(x, Vector128.Create(-TanhClamp)), Vector128.Create(TanhClamp));
        Vector128<float> c2 = c * c;
        Vector128<float> num = Vector128.MultiplyAddEstimate(c2, Vector128.Create(TanhP6), Vector128.Create(TanhP5));
        num = Vector128.MultiplyAddEstimate(c2, num, Vector128.Create(TanhP4));
        num = Vector128.MultiplyAddEstimate(c2, num, Vector128.Create(TanhP3));
        num = Vector128.MultiplyAddEstimate(c2, num, Vector128.Create(TanhP2));
        num = Vector128.MultiplyAddEstimate(c2, num, Vector128.Create(TanhP1));
        num = Vector128.MultiplyAddEstimate(c2, num, Vector128.Create(TanhP0));
        Vector128<float> den = Vector128.MultiplyAddEstimate(c2, Vector128.Create(TanhQ3), Vector128.Create(TanhQ2));
        den = Vector128.MultiplyAddEstimate(c2, den, Vector128.Create(TanhQ1));
        den = Vector128.MultiplyAddEstimate(c2, den, Vector128<float>.One);
        // Rounding can lift the quotient a hair above 1 near the clamp: clamp the result too. NaN fails both comparisons
        // of each clamp (MinNative/MaxNative keep the operand order's choice, x first) and comes through as NaN.
        return Vector128.Min(Vector128.Max(c * num / den, Vector128.Create(-1f)), Vector128<float>.One);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x)
    {
        // e = exp(-|x|) never overflows; σ(x) = 1/(1+e) for x ≥ 0 and e/(1+e) below.
        Vector128<float> e = Exp(-Vector128.Abs(x));
        Vector128<float> r = Vector128<float>.One / (Vector128<float>.One + e);
        return Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Softplus(Vector128<float> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e), e = e^{-|x|} in (0, 1]. log1p(e) = 2·atanh(s) with s = e/(2 + e) ≤ 1/3,
        // summed as 2s·Σ s^{2k}/(2k + 1): no cancellation for tiny e, no overflow for any x.
        Vector128<float> e = Exp(-Vector128.Abs(x));
        Vector128<float> s = e / (Vector128.Create(2f) + e);
        Vector128<float> s2 = s * s;
        Vector128<float> q = Vector128.Create(1f / 15f);
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 13f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 11f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 9f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 7f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 5f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 3f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128<float>.One);
        return Vector128.MultiplyAddEstimate(s + s, q, Vector128.Max(x, Vector128<float>.Zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> x) => Vector128.Sum(x);

    /// <summary>ln u for u in (0, 1] (normal floats: no zero, subnormal, infinity or NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> UnitLog(Vector128<float> u)
    {
        Vector128<int> bits = u.AsInt32();
        Vector128<int> exponent = Vector128.ShiftRightArithmetic(bits, 23) - Vector128.Create(127);
        Vector128<float> m = ((bits & Vector128.Create(0x007FFFFF)) | Vector128.Create(0x3F800000)).AsSingle();

        // m in [1, 2) → [√½, √2): halve the large ones and count them in the exponent (the mask is −1 where true).
        Vector128<float> large = Vector128.GreaterThan(m, Vector128.Create(Sqrt2));
        m = Vector128.ConditionalSelect(large, m * 0.5f, m);
        Vector128<float> e = Vector128.ConvertToSingle(exponent - large.AsInt32());
        Vector128<float> f = m - Vector128<float>.One;
        Vector128<float> z = f * f;

        Vector128<float> p = Vector128.FusedMultiplyAdd(Vector128.Create(UnitLogP0), f, Vector128.Create(UnitLogP1));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(UnitLogP2));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(UnitLogP3));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(UnitLogP4));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(UnitLogP5));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(UnitLogP6));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(UnitLogP7));
        p = Vector128.FusedMultiplyAdd(p, f, Vector128.Create(UnitLogP8));

        // f − f²/2 + f³ P(f) + e ln 2, the small terms first.
        Vector128<float> y = p * f * z;
        y = Vector128.FusedMultiplyAdd(e, Vector128.Create(Ln2Low), y);
        y = Vector128.FusedMultiplyAdd(z, Vector128.Create(-0.5f), y);
        return Vector128.FusedMultiplyAdd(e, Vector128.Create(Ln2High), f + y);
    }

    /// <summary>sin and cos of t quarter turns (angle πt/2) for t a multiple of 2^-22 in [0, 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector128<float> Sin, Vector128<float> Cos) SinCosQuarterTurns(Vector128<float> t)
    {
        Vector128<float> q = Vector128.Round(t);
        Vector128<float> r = t - q;
        Vector128<float> r2 = r * r;

        Vector128<float> s = Vector128.FusedMultiplyAdd(Vector128.Create(QuarterSin9), r2, Vector128.Create(QuarterSin7));
        s = Vector128.FusedMultiplyAdd(s, r2, Vector128.Create(QuarterSin5));
        s = Vector128.FusedMultiplyAdd(s, r2, Vector128.Create(QuarterSin3));
        s = Vector128.FusedMultiplyAdd(s, r2, Vector128.Create(QuarterSin1));
        s *= r;

        Vector128<float> c = Vector128.FusedMultiplyAdd(Vector128.Create(QuarterCos10), r2, Vector128.Create(QuarterCos8));
        c = Vector128.FusedMultiplyAdd(c, r2, Vector128.Create(QuarterCos6));
        c = Vector128.FusedMultiplyAdd(c, r2, Vector128.Create(QuarterCos4));
        c = Vector128.FusedMultiplyAdd(c, r2, Vector128.Create(QuarterCos2));
        c = Vector128.FusedMultiplyAdd(c, r2, Vector128<float>.One);

        // Quadrant q: odd q swaps sin and cos; sin is negated for q = 2, 3 and cos for q = 1, 2 (bit 1 of q, q + 1).
        Vector128<int> quadrant = Vector128.ConvertToInt32(q);
        Vector128<float> swap = Vector128.Equals(quadrant & Vector128<int>.One, Vector128<int>.One).AsSingle();
        Vector128<float> sin = Vector128.ConditionalSelect(swap, c, s);
        Vector128<float> cos = Vector128.ConditionalSelect(swap, s, c);
        Vector128<int> sinSign = Vector128.ShiftLeft(quadrant & Vector128.Create(2), 30);
        Vector128<int> cosSign = Vector128.ShiftLeft((quadrant + Vector128<int>.One) & Vector128.Create(2), 30);
        return ((sin.AsInt32() ^ sinSign).AsSingle(), (cos.AsInt32() ^ cosSign).AsSingle());
    }
}

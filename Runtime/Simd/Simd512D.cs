using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector512&lt;double&gt;</c>: 512-bit registers of double.</summary>
public readonly struct Simd512D : ISimd<Vector512<double>, double>
{
    // Double tanh: below TanhSplit, |x| + |x|³·P(x²)/Q(x²), our own rational minimax fit of (tanh x − x)/x³ (Remez, 60 digits;
    // weighted error 6.0e-19 of tanh, 0.005 ulp); from TanhSplit on, 1 − 2/(1 + e^{2|x|}); past TanhClamp tanh rounds to ±1
    // (2e^{-2·19.1} < 2⁻⁵⁴), so exp's argument is clamped there and needs no range checks.
    private const double TanhSplit = 0.625d;
    private const double TanhClamp = 19.1d;
    private const double TanhP0 = -0.33333333333333326d;
    private const double TanhP1 = -0.020496785861809624d;
    private const double TanhP2 = -0.00019908889892101907d;
    private const double TanhQ1 = 0.4614903575854138d;
    private const double TanhQ2 = 0.023288647826425625d;
    private const double TanhQ3 = 0.00020643827075914062d;
    // e^r on |r| ≤ ½ ln 2 for double tanh's own exp: our own minimax polynomial of degree 11 (Remez, relative error 3.1e-18,
    // 0.03 ulp); its constant and linear coefficients round to exactly 1. 2·log₂e and 1.5·2^52, which rounds to an integer.
    private const double TwoLog2E = 2.8853900817779268d;
    private const double RoundingShift = 6755399441055744d;
    private const double ExpC2 = 0.5000000000000018d;
    private const double ExpC3 = 0.1666666666666617d;
    private const double ExpC4 = 0.04166666666649277d;
    private const double ExpC5 = 0.008333333333559272d;
    private const double ExpC6 = 0.0013888888951224005d;
    private const double ExpC7 = 0.0001984126943267592d;
    private const double ExpC8 = 2.480148652140705e-05d;
    private const double ExpC9 = 2.7557622533989205e-06d;
    private const double ExpC10 = 2.7632293287383563e-07d;
    private const double ExpC11 = 2.4994303850755385e-08d;

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
        // Double: both branches for every lane, one shared division (or reciprocal), then a select; the sign is put back last,
        // so −0 stays −0. NaN fails "≥ TanhSplit" and goes through the rational branch, which returns it.
        Vector512<double> ax = Vector512.Abs(x);
        // e^{2c}, c = min(|x|, 19.1) (a NaN lane may clamp to anything: it takes the other branch): 2c = n·ln 2 + r with
        // n = round(2c·log₂e) in 0…56 (adding 1.5·2^52 leaves n in the low mantissa bits) and r by Cody–Waite (ln 2 in two
        // parts, n·Ln2High exact), |r| ≤ ½ ln 2; e^r by Horner; 2ⁿ added straight into the exponent field (n ≥ 0, no overflow).
        Vector512<double> c = Vector512.MinNative(ax, Vector512.Create(TanhClamp));
        Vector512<double> shifted = Vector512.MultiplyAddEstimate(c, Vector512.Create(TwoLog2E), Vector512.Create(RoundingShift));
        Vector512<double> n = shifted - Vector512.Create(RoundingShift);
        Vector512<double> r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2High), c + c);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Low), r);
        Vector512<double> p = Vector512.MultiplyAddEstimate(Vector512.Create(ExpC11), r, Vector512.Create(ExpC10));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpC9));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpC8));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpC7));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpC6));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpC5));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpC4));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpC3));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpC2));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512<double>.One);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512<double>.One);
        Vector512<double> e = (p.AsUInt64() + Vector512.ShiftLeft(shifted.AsUInt64(), 52)).AsDouble();
        // The rational branch: z = x², P and Q by Horner (Q's terms all positive, Q ≥ 1).
        Vector512<double> z = ax * ax;
        Vector512<double> num = Vector512.MultiplyAddEstimate(z, Vector512.Create(TanhP2), Vector512.Create(TanhP1));
        num = Vector512.MultiplyAddEstimate(z, num, Vector512.Create(TanhP0));
        Vector512<double> den = Vector512.MultiplyAddEstimate(z, Vector512.Create(TanhQ3), Vector512.Create(TanhQ2));
        den = Vector512.MultiplyAddEstimate(z, den, Vector512.Create(TanhQ1));
        den = Vector512.MultiplyAddEstimate(z, den, Vector512<double>.One);
        // One quotient for both branches: P/Q below the split, 2/(1 + e) above.
        Vector512<double> large = Vector512.GreaterThanOrEqual(ax, Vector512.Create(TanhSplit));
        Vector512<double> q = Vector512.ConditionalSelect(large, Vector512.Create(2d), num) / Vector512.ConditionalSelect(large, Vector512<double>.One + e, den);
        Vector512<double> t = Vector512.ConditionalSelect(large, Vector512<double>.One - q, Vector512.MultiplyAddEstimate(ax * z, q, ax));
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

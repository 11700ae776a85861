using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector256&lt;double&gt;</c>: 256-bit registers of double.</summary>
public readonly struct Simd256D : ISimd<Vector256<double>, double>
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
        // Double: both branches for every lane, one shared division (or reciprocal), then a select; the sign is put back last,
        // so −0 stays −0. NaN fails "≥ TanhSplit" and goes through the rational branch, which returns it.
        Vector256<double> ax = Vector256.Abs(x);
        // e^{2c}, c = min(|x|, 19.1) (a NaN lane may clamp to anything: it takes the other branch): 2c = n·ln 2 + r with
        // n = round(2c·log₂e) in 0…56 (adding 1.5·2^52 leaves n in the low mantissa bits) and r by Cody–Waite (ln 2 in two
        // parts, n·Ln2High exact), |r| ≤ ½ ln 2; e^r by Horner; 2ⁿ added straight into the exponent field (n ≥ 0, no overflow).
        Vector256<double> c = Vector256.MinNative(ax, Vector256.Create(TanhClamp));
        Vector256<double> shifted = Vector256.MultiplyAddEstimate(c, Vector256.Create(TwoLog2E), Vector256.Create(RoundingShift));
        Vector256<double> n = shifted - Vector256.Create(RoundingShift);
        Vector256<double> r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2High), c + c);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Low), r);
        Vector256<double> p = Vector256.MultiplyAddEstimate(Vector256.Create(ExpC11), r, Vector256.Create(ExpC10));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC9));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC8));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC7));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC6));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC5));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC4));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC3));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC2));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256<double>.One);
        p = Vector256.MultiplyAddEstimate(p, r, Vector256<double>.One);
        Vector256<double> e = (p.AsUInt64() + Vector256.ShiftLeft(shifted.AsUInt64(), 52)).AsDouble();
        // The rational branch: z = x², P and Q by Horner (Q's terms all positive, Q ≥ 1).
        Vector256<double> z = ax * ax;
        Vector256<double> num = Vector256.MultiplyAddEstimate(z, Vector256.Create(TanhP2), Vector256.Create(TanhP1));
        num = Vector256.MultiplyAddEstimate(z, num, Vector256.Create(TanhP0));
        Vector256<double> den = Vector256.MultiplyAddEstimate(z, Vector256.Create(TanhQ3), Vector256.Create(TanhQ2));
        den = Vector256.MultiplyAddEstimate(z, den, Vector256.Create(TanhQ1));
        den = Vector256.MultiplyAddEstimate(z, den, Vector256<double>.One);
        // One quotient for both branches: P/Q below the split, 2/(1 + e) above.
        Vector256<double> large = Vector256.GreaterThanOrEqual(ax, Vector256.Create(TanhSplit));
        Vector256<double> q = Vector256.ConditionalSelect(large, Vector256.Create(2d), num) / Vector256.ConditionalSelect(large, Vector256<double>.One + e, den);
        Vector256<double> t = Vector256.ConditionalSelect(large, Vector256<double>.One - q, Vector256.MultiplyAddEstimate(ax * z, q, ax));
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

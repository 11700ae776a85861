using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector128&lt;double&gt;</c>: 128-bit registers of double.</summary>
public readonly struct Simd128D : ISimd<Vector128<double>, double>
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
    public static int Count => Vector128<double>.Count;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Vector128;

    /// <inheritdoc/>
    public static Vector128<double> Zero => Vector128<double>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Broadcast(double value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref readonly double source, nuint offset) => Vector128.LoadUnsafe(in source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LoadBroadcast(ref readonly double source, nuint offset) => Vector128.Create(Unsafe.Add(ref Unsafe.AsRef(in source), offset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.MultiplyAddEstimate(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> NegateMultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.MultiplyAddEstimate(-a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Relu(Vector128<double> x) => Vector128.Max(x, Vector128<double>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Step(Vector128<double> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<double>.Zero), Vector128<double>.One, Vector128<double>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Exp(Vector128<double> x)
    {
        // Double: .NET's own vector exp, faster here than a degree-13 polynomial with a 64-bit shift.
        return Vector128.Exp(x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Log(Vector128<double> x)
    {
        // Our own rather than Vector128.Log: one algorithm with one documented error bound at every width and precision,
        // and about as fast (a Stopwatch loop here put it within ±30% of .NET's, either way by width and type).
        // fdlibm's log (Sun, 1993) in lanes. Subnormals are scaled by 2^52 into the normal range first (the
        // smallest subnormal lands on the smallest normal) and the exponent is charged 52 back.
        Vector128<double> subnormal = Vector128.LessThan(x, Vector128.Create((ulong)1 << 52).AsDouble());
        Vector128<double> scaled = Vector128.ConditionalSelect(subnormal, x * Vector128.Create((double)(1L << 52)), x);
        // x = 2ᵏ·m with m in [√½, √2): one integer add moves the exponent boundary from 1 to √½.
        Vector128<ulong> bits = scaled.AsUInt64() + Vector128.Create(OneBits - SqrtHalfBits);
        Vector128<double> m = ((bits & Vector128.Create(MantissaMask)) + Vector128.Create(SqrtHalfBits)).AsDouble();
        // k as a float without a conversion instruction: the biased exponent in the mantissa of 2^52, then subtracted.
        Vector128<double> k = (Vector128.ShiftRightLogical(bits, 52) | Vector128.Create(TwoToMantBits)).AsDouble() - Vector128.Create(TwoToMantPlusBias);
        k -= subnormal & Vector128.Create((double)52);
        // log m = log(1 + f) = 2·atanh(s), s = f/(2 + f), |s| ≤ 0.1716; f = m − 1 is exact (Sterbenz). Written as
        // f − (f²/2 − s·(f²/2 + R)) so the leading terms carry no rounding beyond f²/2's.
        Vector128<double> f = m - Vector128<double>.One;
        Vector128<double> s = f / (Vector128.Create(2d) + f);
        Vector128<double> z = s * s;
        Vector128<double> r = Vector128.Create(LogP7);
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP6));
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP5));
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP4));
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP3));
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP2));
        r = Vector128.MultiplyAddEstimate(r, z, Vector128.Create(LogP1));
        r *= z;
        Vector128<double> halfSquare = Vector128.Create(0.5d) * f * f;
        // k·ln 2 + log m, with k·Ln2Low folded into the small terms and k·Ln2High (exact) added last.
        Vector128<double> small = Vector128.MultiplyAddEstimate(s, halfSquare + r, k * Vector128.Create(Ln2Low));
        Vector128<double> result = Vector128.MultiplyAddEstimate(k, Vector128.Create(Ln2High), f - (halfSquare - small));
        // log(+∞) = +∞, log(±0) = −∞, and NaN for x < 0 or NaN (the comparison x ≥ 0 is false for both).
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(double.PositiveInfinity)), x, result);
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<double>.Zero), Vector128.Create(double.NegativeInfinity), result);
        return Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<double>.Zero), result, Vector128.Create(double.NaN));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Log1P(Vector128<double> x)
    {
        // log1p x = log u + log(1 + c/u) ≈ log u + c/u, where u = 1 + x rounded and c = (1 + x) − u its rounding error,
        // exact by Fast2Sum (the larger of 1 and x first). The omitted (c/u)²/2 is below ε²: the error is log's.
        // Where u rounds to 1, log u = 0 and c = x: tiny x come back exactly, and −0 is selected so it keeps its sign.
        Vector128<double> u = Vector128<double>.One + x;
        Vector128<double> c = Vector128.ConditionalSelect(
            Vector128.LessThanOrEqual(Vector128.Abs(x), Vector128<double>.One),
            x - (u - Vector128<double>.One),
            Vector128<double>.One - (u - x));
        Vector128<double> result = Vector128.ConditionalSelect(Vector128.Equals(u, Vector128<double>.One), x, Log(u) + (c / u));
        // log1p(+∞) = +∞ (c would be ∞ − ∞) and log1p(−1) = −∞ (c/u would be 0/0); x < −1 and NaN are NaN through Log.
        result = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128.Create(double.PositiveInfinity)), x, result);
        return Vector128.ConditionalSelect(Vector128.Equals(u, Vector128<double>.Zero), Vector128.Create(double.NegativeInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Tanh(Vector128<double> x)
    {
        // Double: both branches for every lane, one shared division (or reciprocal), then a select; the sign is put back last,
        // so −0 stays −0. NaN fails "≥ TanhSplit" and goes through the rational branch, which returns it.
        Vector128<double> ax = Vector128.Abs(x);
        // e^{2c}, c = min(|x|, 19.1) (a NaN lane may clamp to anything: it takes the other branch): 2c = n·ln 2 + r with
        // n = round(2c·log₂e) in 0…56 (adding 1.5·2^52 leaves n in the low mantissa bits) and r by Cody–Waite (ln 2 in two
        // parts, n·Ln2High exact), |r| ≤ ½ ln 2; e^r by Horner; 2ⁿ added straight into the exponent field (n ≥ 0, no overflow).
        Vector128<double> c = Vector128.MinNative(ax, Vector128.Create(TanhClamp));
        Vector128<double> shifted = Vector128.MultiplyAddEstimate(c, Vector128.Create(TwoLog2E), Vector128.Create(RoundingShift));
        Vector128<double> n = shifted - Vector128.Create(RoundingShift);
        Vector128<double> r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2High), c + c);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Low), r);
        Vector128<double> p = Vector128.MultiplyAddEstimate(Vector128.Create(ExpC11), r, Vector128.Create(ExpC10));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC9));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC8));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC7));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC6));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC5));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC4));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC3));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC2));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128<double>.One);
        p = Vector128.MultiplyAddEstimate(p, r, Vector128<double>.One);
        Vector128<double> e = (p.AsUInt64() + Vector128.ShiftLeft(shifted.AsUInt64(), 52)).AsDouble();
        // The rational branch: z = x², P and Q by Horner (Q's terms all positive, Q ≥ 1).
        Vector128<double> z = ax * ax;
        Vector128<double> num = Vector128.MultiplyAddEstimate(z, Vector128.Create(TanhP2), Vector128.Create(TanhP1));
        num = Vector128.MultiplyAddEstimate(z, num, Vector128.Create(TanhP0));
        Vector128<double> den = Vector128.MultiplyAddEstimate(z, Vector128.Create(TanhQ3), Vector128.Create(TanhQ2));
        den = Vector128.MultiplyAddEstimate(z, den, Vector128.Create(TanhQ1));
        den = Vector128.MultiplyAddEstimate(z, den, Vector128<double>.One);
        // One quotient for both branches: P/Q below the split, 2/(1 + e) above.
        Vector128<double> large = Vector128.GreaterThanOrEqual(ax, Vector128.Create(TanhSplit));
        Vector128<double> q = Vector128.ConditionalSelect(large, Vector128.Create(2d), num) / Vector128.ConditionalSelect(large, Vector128<double>.One + e, den);
        Vector128<double> t = Vector128.ConditionalSelect(large, Vector128<double>.One - q, Vector128.MultiplyAddEstimate(ax * z, q, ax));
        return Vector128.CopySign(t, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sigmoid(Vector128<double> x)
    {
        // e = exp(-|x|) never overflows; σ(x) = 1/(1+e) for x ≥ 0 and e/(1+e) below.
        Vector128<double> e = Exp(-Vector128.Abs(x));
        Vector128<double> r = Vector128<double>.One / (Vector128<double>.One + e);
        return Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<double>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Softplus(Vector128<double> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e), e = e^{-|x|} in (0, 1]. log1p(e) = 2·atanh(s) with s = e/(2 + e) ≤ 1/3,
        // summed as 2s·Σ s^{2k}/(2k + 1): no cancellation for tiny e, no overflow for any x.
        Vector128<double> e = Exp(-Vector128.Abs(x));
        Vector128<double> s = e / (Vector128.Create(2d) + e);
        Vector128<double> s2 = s * s;
        Vector128<double> q = Vector128.Create(1d / 33d);
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 31d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 29d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 27d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 25d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 23d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 21d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 19d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 17d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 15d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 13d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 11d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 9d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 7d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 5d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1d / 3d));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128<double>.One);
        return Vector128.MultiplyAddEstimate(s + s, q, Vector128.Max(x, Vector128<double>.Zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector128<double> x) => Vector128.Sum(x);
}

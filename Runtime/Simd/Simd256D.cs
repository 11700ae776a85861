using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector256&lt;double&gt;</c>: 256-bit registers of double.</summary>
public readonly struct Simd256D : ISimd<Vector256<double>, double>
{
    // Below this |x| tanh uses its odd Taylor polynomial: 1 - e^{-2|x|} would cancel there.
    private const double TanhSeriesBound = 0.05d;

    // exp's constants: log₂e; ln 2 split so n·Ln2High is exact; 1.5·2^52, which rounds to an integer
    // when added, and its bit pattern; and the range, beyond which the result is 0 (below ExpLow, under
    // half the smallest subnormal) or ∞ (above ln of the largest finite value).
    private const double Log2E = 1.44269504088896340736d;
    private const double Ln2High = 6.93147180369123816490e-01d;
    private const double Ln2Low = 1.90821492927058770002e-10d;
    private const double RoundingShift = 6755399441055744d;
    private const double ExpLow = -745.2d;
    private const long MagicBits = 0x4338000000000000;
    private const double ExpHigh = 709.782712893384d;

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
        // exp(x) = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln 2 (ln 2 in two parts, Cody–Waite), |r| ≤ ½ ln 2.
        // Adding 1.5·2^52 rounds x·log₂e to an integer held in the low mantissa bits: n with no conversion.
        Vector256<double> t = Vector256.MultiplyAddEstimate(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        Vector256<double> n = t - Vector256.Create(RoundingShift);
        Vector256<double> r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2High), x);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Low), r);

        // eʳ by its Taylor polynomial, degree 13: the truncation error is below 0.05 ulp on |r| ≤ ½ ln 2.
        Vector256<double> p = Vector256.Create(1d / 6227020800d);
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 479001600d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 39916800d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 3628800d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 362880d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 40320d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 5040d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 720d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 120d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 24d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1d / 6d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(0.5d));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256<double>.One);
        p = Vector256.MultiplyAddEstimate(p, r, Vector256<double>.One);

        // 2ⁿ as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), each built from n's bits (n + bias shifted into the exponent field):
        // both halves stay normal numbers over the whole range, so results near the top do not overflow early
        // and results in the subnormal range round once, correctly.
        Vector256<long> bits = t.AsInt64() - Vector256.Create(MagicBits);
        Vector256<long> half = Vector256.ShiftRightArithmetic(bits, 1);
        Vector256<double> low = Vector256.ShiftLeft(half + Vector256.Create((long)1023), 52).AsDouble();
        Vector256<double> high = Vector256.ShiftLeft(bits - half + Vector256.Create((long)1023), 52).AsDouble();
        Vector256<double> result = p * low * high;

        // Outside the range: below it the result rounds to 0, above it ∞; NaN passes through.
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpLow)), Vector256<double>.Zero, result);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpHigh)), Vector256.Create(double.PositiveInfinity), result);
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

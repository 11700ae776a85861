using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector512&lt;double&gt;</c>: 512-bit registers of double.</summary>
public readonly struct Simd512D : ISimd<Vector512<double>, double>
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
        // exp(x) = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln 2 (ln 2 in two parts, Cody–Waite), |r| ≤ ½ ln 2.
        // Adding 1.5·2^52 rounds x·log₂e to an integer held in the low mantissa bits: n with no conversion.
        Vector512<double> t = Vector512.MultiplyAddEstimate(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        Vector512<double> n = t - Vector512.Create(RoundingShift);
        Vector512<double> r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2High), x);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Low), r);

        // eʳ by its Taylor polynomial, degree 13: the truncation error is below 0.05 ulp on |r| ≤ ½ ln 2.
        Vector512<double> p = Vector512.Create(1d / 6227020800d);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 479001600d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 39916800d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 3628800d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 362880d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 40320d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 5040d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 720d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 120d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 24d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1d / 6d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(0.5d));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512<double>.One);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512<double>.One);

        // 2ⁿ as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), each built from n's bits (n + bias shifted into the exponent field):
        // both halves stay normal numbers over the whole range, so results near the top do not overflow early
        // and results in the subnormal range round once, correctly.
        Vector512<long> bits = t.AsInt64() - Vector512.Create(MagicBits);
        Vector512<long> half = Vector512.ShiftRightArithmetic(bits, 1);
        Vector512<double> low = Vector512.ShiftLeft(half + Vector512.Create((long)1023), 52).AsDouble();
        Vector512<double> high = Vector512.ShiftLeft(bits - half + Vector512.Create((long)1023), 52).AsDouble();
        Vector512<double> result = p * low * high;

        // Outside the range: below it the result rounds to 0, above it ∞; NaN passes through.
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpLow)), Vector512<double>.Zero, result);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpHigh)), Vector512.Create(double.PositiveInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> ax = Vector512.Abs(x);
        // tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1]: no overflow for any x.
        Vector512<double> e = Exp(ax * Vector512.Create(-2d));
        Vector512<double> t = (Vector512<double>.One - e) / (Vector512<double>.One + e);
        // Near zero: x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835, the error far below one ulp for |x| < 0.05.
        Vector512<double> x2 = ax * ax;
        Vector512<double> p = Vector512.MultiplyAddEstimate(x2, Vector512.Create(62d / 2835d), Vector512.Create(-17d / 315d));
        p = Vector512.MultiplyAddEstimate(x2, p, Vector512.Create(2d / 15d));
        p = Vector512.MultiplyAddEstimate(x2, p, Vector512.Create(-1d / 3d));
        p = Vector512.MultiplyAddEstimate(x2 * ax, p, ax);
        t = Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(TanhSeriesBound)), p, t);
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

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
        // Double: .NET's own vector exp, faster here than a degree-13 polynomial with a 64-bit shift.
        return Vector256.Exp(x);
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

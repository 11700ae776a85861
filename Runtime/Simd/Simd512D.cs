using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector512&lt;double&gt;</c>: 512-bit registers of double.</summary>
public readonly struct Simd512D : ISimd<Vector512<double>, double>
{
    // Below this |x| tanh uses its odd Taylor polynomial: 1 - e^{-2|x|} would cancel there.
    private const double TanhSeriesBound = 0.05d;

    // exp's constants (float; double uses .NET's exp): log₂e; ln 2 split so n·Ln2High is exact; 1.5·2^52, which rounds to an integer
    // when added, and its bit pattern; and the range, beyond which the result is 0 (below ExpLow, under
    // half the smallest subnormal) or ∞ (above ln of the largest finite value).

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
        // Double: .NET's own vector exp, faster here than a degree-13 polynomial with a 64-bit shift.
        return Vector512.Exp(x);
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

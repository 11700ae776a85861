using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector128&lt;double&gt;</c>: 128-bit registers of double.</summary>
public readonly struct Simd128D : ISimd<Vector128<double>, double>
{
    // Below this |x| tanh uses its odd Taylor polynomial: 1 - e^{-2|x|} would cancel there.
    private const double TanhSeriesBound = 0.05d;

    // exp's constants (float; double uses .NET's exp): log₂e; ln 2 split so n·Ln2High is exact; 1.5·2^52, which rounds to an integer
    // when added, and its bit pattern; and the range, beyond which the result is 0 (below ExpLow, under
    // half the smallest subnormal) or ∞ (above ln of the largest finite value).

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
    public static Vector128<double> Tanh(Vector128<double> x)
    {
        Vector128<double> ax = Vector128.Abs(x);
        // tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1]: no overflow for any x.
        Vector128<double> e = Exp(ax * Vector128.Create(-2d));
        Vector128<double> t = (Vector128<double>.One - e) / (Vector128<double>.One + e);
        // Near zero: x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835, the error far below one ulp for |x| < 0.05.
        Vector128<double> x2 = ax * ax;
        Vector128<double> p = Vector128.MultiplyAddEstimate(x2, Vector128.Create(62d / 2835d), Vector128.Create(-17d / 315d));
        p = Vector128.MultiplyAddEstimate(x2, p, Vector128.Create(2d / 15d));
        p = Vector128.MultiplyAddEstimate(x2, p, Vector128.Create(-1d / 3d));
        p = Vector128.MultiplyAddEstimate(x2 * ax, p, ax);
        t = Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(TanhSeriesBound)), p, t);
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

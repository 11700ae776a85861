using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector512&lt;float&gt;</c>: 512-bit registers of float.</summary>
public readonly struct Simd512F : ISimd<Vector512<float>, float>
{
    // Below this |x| tanh uses its odd Taylor polynomial: 1 - e^{-2|x|} would cancel there.
    private const float TanhSeriesBound = 0.05f;

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
    public static Vector512<float> Exp(Vector512<float> x) => Vector512.Exp(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> ax = Vector512.Abs(x);
        // tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1]: no overflow for any x.
        Vector512<float> e = Vector512.Exp(ax * Vector512.Create(-2f));
        Vector512<float> t = (Vector512<float>.One - e) / (Vector512<float>.One + e);
        // Near zero: x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835, the error far below one ulp for |x| < 0.05.
        Vector512<float> x2 = ax * ax;
        Vector512<float> p = Vector512.MultiplyAddEstimate(x2, Vector512.Create(62f / 2835f), Vector512.Create(-17f / 315f));
        p = Vector512.MultiplyAddEstimate(x2, p, Vector512.Create(2f / 15f));
        p = Vector512.MultiplyAddEstimate(x2, p, Vector512.Create(-1f / 3f));
        p = Vector512.MultiplyAddEstimate(x2 * ax, p, ax);
        t = Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(TanhSeriesBound)), p, t);
        return Vector512.CopySign(t, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x)
    {
        // e = exp(-|x|) never overflows; σ(x) = 1/(1+e) for x ≥ 0 and e/(1+e) below.
        Vector512<float> e = Vector512.Exp(-Vector512.Abs(x));
        Vector512<float> r = Vector512<float>.One / (Vector512<float>.One + e);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Softplus(Vector512<float> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e^{-|x|}); log1p by Kahan's u = 1 + e, log(u)·e/(u - 1).
        Vector512<float> e = Vector512.Exp(-Vector512.Abs(x));
        Vector512<float> u = Vector512<float>.One + e;
        Vector512<float> d = u - Vector512<float>.One;
        Vector512<float> log1p = Vector512.ConditionalSelect(Vector512.Equals(d, Vector512<float>.Zero), e, Vector512.Log(u) * e / d);
        return Vector512.Max(x, Vector512<float>.Zero) + log1p;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> x) => Vector512.Sum(x);
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector256&lt;float&gt;</c>: 256-bit registers of float.</summary>
public readonly struct Simd256F : ISimd<Vector256<float>, float>
{
    // Below this |x| tanh uses its odd Taylor polynomial: 1 - e^{-2|x|} would cancel there.
    private const float TanhSeriesBound = 0.05f;

    /// <inheritdoc/>
    public static int Count => Vector256<float>.Count;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Vector256;

    /// <inheritdoc/>
    public static Vector256<float> Zero => Vector256<float>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref readonly float source, nuint offset) => Vector256.LoadUnsafe(in source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> NegateMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(-a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Step(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One, Vector256<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x) => Vector256.Exp(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> ax = Vector256.Abs(x);
        // tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1]: no overflow for any x.
        Vector256<float> e = Vector256.Exp(ax * Vector256.Create(-2f));
        Vector256<float> t = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        // Near zero: x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835, the error far below one ulp for |x| < 0.05.
        Vector256<float> x2 = ax * ax;
        Vector256<float> p = Vector256.MultiplyAddEstimate(x2, Vector256.Create(62f / 2835f), Vector256.Create(-17f / 315f));
        p = Vector256.MultiplyAddEstimate(x2, p, Vector256.Create(2f / 15f));
        p = Vector256.MultiplyAddEstimate(x2, p, Vector256.Create(-1f / 3f));
        p = Vector256.MultiplyAddEstimate(x2 * ax, p, ax);
        t = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TanhSeriesBound)), p, t);
        return Vector256.CopySign(t, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        // e = exp(-|x|) never overflows; σ(x) = 1/(1+e) for x ≥ 0 and e/(1+e) below.
        Vector256<float> e = Vector256.Exp(-Vector256.Abs(x));
        Vector256<float> r = Vector256<float>.One / (Vector256<float>.One + e);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Softplus(Vector256<float> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e^{-|x|}); log1p by Kahan's u = 1 + e, log(u)·e/(u - 1).
        Vector256<float> e = Vector256.Exp(-Vector256.Abs(x));
        Vector256<float> u = Vector256<float>.One + e;
        Vector256<float> d = u - Vector256<float>.One;
        Vector256<float> log1p = Vector256.ConditionalSelect(Vector256.Equals(d, Vector256<float>.Zero), e, Vector256.Log(u) * e / d);
        return Vector256.Max(x, Vector256<float>.Zero) + log1p;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> x) => Vector256.Sum(x);
}

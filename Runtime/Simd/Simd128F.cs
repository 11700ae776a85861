using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector128&lt;float&gt;</c>: 128-bit registers of float.</summary>
public readonly struct Simd128F : ISimd<Vector128<float>, float>
{
    // Below this |x| tanh uses its odd Taylor polynomial: 1 - e^{-2|x|} would cancel there.
    private const float TanhSeriesBound = 0.05f;

    /// <inheritdoc/>
    public static int Count => Vector128<float>.Count;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Vector128;

    /// <inheritdoc/>
    public static Vector128<float> Zero => Vector128<float>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref readonly float source, nuint offset) => Vector128.LoadUnsafe(in source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> NegateMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(-a, b, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Step(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128<float>.One, Vector128<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x) => Vector128.Exp(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> ax = Vector128.Abs(x);
        // tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1]: no overflow for any x.
        Vector128<float> e = Vector128.Exp(ax * Vector128.Create(-2f));
        Vector128<float> t = (Vector128<float>.One - e) / (Vector128<float>.One + e);
        // Near zero: x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835, the error far below one ulp for |x| < 0.05.
        Vector128<float> x2 = ax * ax;
        Vector128<float> p = Vector128.MultiplyAddEstimate(x2, Vector128.Create(62f / 2835f), Vector128.Create(-17f / 315f));
        p = Vector128.MultiplyAddEstimate(x2, p, Vector128.Create(2f / 15f));
        p = Vector128.MultiplyAddEstimate(x2, p, Vector128.Create(-1f / 3f));
        p = Vector128.MultiplyAddEstimate(x2 * ax, p, ax);
        t = Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(TanhSeriesBound)), p, t);
        return Vector128.CopySign(t, x);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x)
    {
        // e = exp(-|x|) never overflows; σ(x) = 1/(1+e) for x ≥ 0 and e/(1+e) below.
        Vector128<float> e = Vector128.Exp(-Vector128.Abs(x));
        Vector128<float> r = Vector128<float>.One / (Vector128<float>.One + e);
        return Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Softplus(Vector128<float> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e^{-|x|}); log1p by Kahan's u = 1 + e, log(u)·e/(u - 1).
        Vector128<float> e = Vector128.Exp(-Vector128.Abs(x));
        Vector128<float> u = Vector128<float>.One + e;
        Vector128<float> d = u - Vector128<float>.One;
        Vector128<float> log1p = Vector128.ConditionalSelect(Vector128.Equals(d, Vector128<float>.Zero), e, Vector128.Log(u) * e / d);
        return Vector128.Max(x, Vector128<float>.Zero) + log1p;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> x) => Vector128.Sum(x);
}

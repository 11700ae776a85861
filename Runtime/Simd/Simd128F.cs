using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Simd;

/// <summary><see cref="ISimd{TVec, T}"/> over <c>Vector128&lt;float&gt;</c>: 128-bit registers of float.</summary>
public readonly struct Simd128F : ISimd<Vector128<float>, float>
{
    // Below this |x| tanh uses its odd Taylor polynomial: 1 - e^{-2|x|} would cancel there.
    private const float TanhSeriesBound = 0.05f;

    // exp's constants (float; double uses .NET's exp): log₂e; ln 2 split so n·Ln2High is exact; 1.5·2^23, which rounds to an integer
    // when added, and its bit pattern; and the range, beyond which the result is 0 (below ExpLow, under
    // half the smallest subnormal) or ∞ (above ln of the largest finite value).
    private const float Log2E = 1.44269504088896340736f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float RoundingShift = 12582912f;
    private const float ExpLow = -104f;
    private const int MagicBits = 0x4B400000;
    private const float ExpHigh = 88.7228391f;

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
    public static Vector128<float> Exp(Vector128<float> x)
    {
        // exp(x) = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln 2 (ln 2 in two parts, Cody–Waite), |r| ≤ ½ ln 2.
        // Adding 1.5·2^23 rounds x·log₂e to an integer held in the low mantissa bits: n with no conversion.
        Vector128<float> t = Vector128.MultiplyAddEstimate(x, Vector128.Create(Log2E), Vector128.Create(RoundingShift));
        Vector128<float> n = t - Vector128.Create(RoundingShift);
        Vector128<float> r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2High), x);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Low), r);
        // Float: our own, since .NET's widens to double. eʳ by its Taylor polynomial of degree 7: the truncation error is below 0.05 ulp on |r| ≤ ½ ln 2.
        Vector128<float> p = Vector128.Create(1f / 5040f);
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1f / 720f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1f / 120f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1f / 24f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(1f / 6f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(0.5f));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128<float>.One);
        p = Vector128.MultiplyAddEstimate(p, r, Vector128<float>.One);
        // 2ⁿ as 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋), each built from n's bits (n + bias shifted into the exponent field):
        // both halves stay normal numbers over the whole range, so results near the top do not overflow early
        // and results in the subnormal range round once, correctly.
        Vector128<int> bits = t.AsInt32() - Vector128.Create(MagicBits);
        Vector128<int> half = Vector128.ShiftRightArithmetic(bits, 1);
        Vector128<float> low = Vector128.ShiftLeft(half + Vector128.Create((int)127), 23).AsSingle();
        Vector128<float> high = Vector128.ShiftLeft(bits - half + Vector128.Create((int)127), 23).AsSingle();
        Vector128<float> result = p * low * high;
        // Outside the range: below it the result rounds to 0, above it ∞; NaN passes through.
        result = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(ExpLow)), Vector128<float>.Zero, result);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(ExpHigh)), Vector128.Create(float.PositiveInfinity), result);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> ax = Vector128.Abs(x);
        // tanh|x| = (1 - e) / (1 + e) with e = exp(-2|x|) in (0, 1]: no overflow for any x.
        Vector128<float> e = Exp(ax * Vector128.Create(-2f));
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
        Vector128<float> e = Exp(-Vector128.Abs(x));
        Vector128<float> r = Vector128<float>.One / (Vector128<float>.One + e);
        return Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), r, e * r);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Softplus(Vector128<float> x)
    {
        // log(1 + eˣ) = max(x, 0) + log1p(e), e = e^{-|x|} in (0, 1]. log1p(e) = 2·atanh(s) with s = e/(2 + e) ≤ 1/3,
        // summed as 2s·Σ s^{2k}/(2k + 1): no cancellation for tiny e, no overflow for any x.
        Vector128<float> e = Exp(-Vector128.Abs(x));
        Vector128<float> s = e / (Vector128.Create(2f) + e);
        Vector128<float> s2 = s * s;
        Vector128<float> q = Vector128.Create(1f / 15f);
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 13f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 11f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 9f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 7f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 5f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128.Create(1f / 3f));
        q = Vector128.MultiplyAddEstimate(q, s2, Vector128<float>.One);
        return Vector128.MultiplyAddEstimate(s + s, q, Vector128.Max(x, Vector128<float>.Zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> x) => Vector128.Sum(x);
}

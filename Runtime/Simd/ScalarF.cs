using System.Runtime.CompilerServices;

namespace ModelGen.Simd;

/// <summary>The scalar reference path for <see cref="float"/>: one lane, library math. Every vector width is tested against it.</summary>
public readonly struct ScalarF : ISimd<float, float>
{
    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Scalar;

    /// <inheritdoc/>
    public static float Zero => 0f;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref readonly float source, nuint offset) => Unsafe.Add(ref Unsafe.AsRef(in source), offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadBroadcast(ref readonly float source, nuint offset) => Unsafe.Add(ref Unsafe.AsRef(in source), offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    /// <inheritdoc/>
    public static float Add(float a, float b) => a + b;

    /// <inheritdoc/>
    public static float Subtract(float a, float b) => a - b;

    /// <inheritdoc/>
    public static float Multiply(float a, float b) => a * b;

    /// <inheritdoc/>
    public static float Divide(float a, float b) => a / b;

    /// <inheritdoc/>
    public static float MultiplyAdd(float a, float b, float c) => (a * b) + c;

    /// <inheritdoc/>
    public static float NegateMultiplyAdd(float a, float b, float c) => c - (a * b);

    /// <inheritdoc/>
    public static float Relu(float x) => MathF.Max(x, 0f);

    /// <inheritdoc/>
    public static float Step(float x) => x > 0f ? 1f : 0f;

    /// <inheritdoc/>
    public static float Exp(float x) => MathF.Exp(x);

    /// <inheritdoc/>
    public static float Log(float x) => MathF.Log(x);

    /// <inheritdoc/>
    public static float Log1P(float x) => (float)ScalarMath.Log1P((double)x);

    /// <inheritdoc/>
    public static float Tanh(float x) => MathF.Tanh(x);

    /// <inheritdoc/>
    public static float Sigmoid(float x) => x >= 0f ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));

    /// <inheritdoc/>
    public static float Softplus(float x) => MathF.Max(x, 0f) + (float)ScalarMath.Log1P(Math.Exp(-Math.Abs((double)x)));

    /// <inheritdoc/>
    public static float Sum(float x) => x;
}

using System.Runtime.CompilerServices;

namespace ModelGen.Simd;

/// <summary>The scalar reference path for <see cref="double"/>: one lane, library math. Every vector width is tested against it.</summary>
public readonly struct ScalarD : ISimd<double, double>
{
    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    public static SimdWidth Width => SimdWidth.Scalar;

    /// <inheritdoc/>
    public static double Zero => 0d;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Broadcast(double value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref readonly double source, nuint offset) => Unsafe.Add(ref Unsafe.AsRef(in source), offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LoadBroadcast(ref readonly double source, nuint offset) => Unsafe.Add(ref Unsafe.AsRef(in source), offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double value, ref double destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    /// <inheritdoc/>
    public static double Add(double a, double b) => a + b;

    /// <inheritdoc/>
    public static double Subtract(double a, double b) => a - b;

    /// <inheritdoc/>
    public static double Multiply(double a, double b) => a * b;

    /// <inheritdoc/>
    public static double Divide(double a, double b) => a / b;

    /// <inheritdoc/>
    public static double MultiplyAdd(double a, double b, double c) => (a * b) + c;

    /// <inheritdoc/>
    public static double NegateMultiplyAdd(double a, double b, double c) => c - (a * b);

    /// <inheritdoc/>
    public static double Relu(double x) => Math.Max(x, 0d);

    /// <inheritdoc/>
    public static double Step(double x) => x > 0d ? 1d : 0d;

    /// <inheritdoc/>
    public static double Exp(double x) => Math.Exp(x);

    /// <inheritdoc/>
    public static double Log(double x) => Math.Log(x);

    /// <inheritdoc/>
    public static double Log1P(double x) => ScalarMath.Log1P(x);

    /// <inheritdoc/>
    public static double Tanh(double x) => Math.Tanh(x);

    /// <inheritdoc/>
    public static double Sigmoid(double x) => x >= 0d ? 1d / (1d + Math.Exp(-x)) : Math.Exp(x) / (1d + Math.Exp(x));

    /// <inheritdoc/>
    public static double Softplus(double x) => Math.Max(x, 0d) + ScalarMath.Log1P(Math.Exp(-Math.Abs(x)));

    /// <inheritdoc/>
    public static double Sum(double x) => x;
}

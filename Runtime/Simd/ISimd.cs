using System.Runtime.CompilerServices;

namespace ModelGen.Simd;

/// <summary>
/// The vector operations generated model code is written against. Generated kernels are generic
/// methods <c>Kernel&lt;TSimd, TVec&gt;</c> constrained to this interface; every implementation is a
/// struct, so the JIT and Native AOT compile one specialised copy per vector width with every call
/// inlined (no interface dispatch on the hot path).
/// </summary>
/// <typeparam name="TVec">The register type: <c>Vector512&lt;T&gt;</c>, <c>Vector256&lt;T&gt;</c>,
/// <c>Vector128&lt;T&gt;</c>, or <typeparamref name="T"/> itself for the scalar reference path.</typeparam>
/// <typeparam name="T">The element type, <see cref="float"/> or <see cref="double"/>.</typeparam>
public interface ISimd<TVec, T>
    where TVec : struct
    where T : unmanaged
{
    /// <summary>Lanes per register.</summary>
    static abstract int Count { get; }

    /// <summary>The width this implementation stands for.</summary>
    static abstract SimdWidth Width { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVec Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    static abstract TVec Broadcast(T value);

    /// <summary>Loads <see cref="Count"/> elements starting at <paramref name="source"/> + <paramref name="offset"/>.
    /// The caller guarantees the range is inside the buffer (buffers are padded to whole registers).</summary>
    static abstract TVec Load(ref readonly T source, nuint offset);

    /// <summary>All lanes the element at <paramref name="source"/> + <paramref name="offset"/>: a weight read from θ inside a
    /// loop (one broadcast load, folded into the multiply-add's memory operand where the ISA has embedded broadcasts).</summary>
    static abstract TVec LoadBroadcast(ref readonly T source, nuint offset);

    /// <summary>Stores all lanes at <paramref name="destination"/> + <paramref name="offset"/>.</summary>
    static abstract void Store(TVec value, ref T destination, nuint offset);

    /// <summary>a + b.</summary>
    static abstract TVec Add(TVec a, TVec b);

    /// <summary>a - b.</summary>
    static abstract TVec Subtract(TVec a, TVec b);

    /// <summary>a * b.</summary>
    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>a / b.</summary>
    static abstract TVec Divide(TVec a, TVec b);

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary>c - a * b (fused negative multiply-add where available).</summary>
    static abstract TVec NegateMultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary>max(x, 0).</summary>
    static abstract TVec Relu(TVec x);

    /// <summary>1 where x &gt; 0, else 0: the derivative of <see cref="Relu"/>.</summary>
    static abstract TVec Step(TVec x);

    /// <summary>exp(x).</summary>
    static abstract TVec Exp(TVec x);

    /// <summary>
    /// The natural logarithm, within about 1 ulp for every x: log(±0) = −∞, log(+∞) = +∞, NaN for x &lt; 0 or
    /// NaN; subnormal x are handled exactly. The vector widths use fdlibm's algorithm in the register's own
    /// precision (no widening of float to double); the scalar types call the C library.
    /// </summary>
    static abstract TVec Log(TVec x);

    /// <summary>
    /// log(1 + x) without the cancellation of forming 1 + x: within about 2 ulps for every x &gt; −1, x itself for
    /// tiny x (signed zeros kept); log1p(−1) = −∞, log1p(+∞) = +∞, NaN for x &lt; −1 or NaN.
    /// </summary>
    static abstract TVec Log1P(TVec x);

    /// <summary>tanh(x), accurate to a few ulp over the whole line.</summary>
    static abstract TVec Tanh(TVec x);

    /// <summary>1 / (1 + exp(-x)), computed without overflow for any x.</summary>
    static abstract TVec Sigmoid(TVec x);

    /// <summary>log(1 + exp(x)), computed without overflow or cancellation for any x.</summary>
    static abstract TVec Softplus(TVec x);

    /// <summary>Sum of all lanes, in a fixed order for a given width.</summary>
    static abstract T Sum(TVec x);
}

/// <summary>The register widths a generated kernel can run at.</summary>
public enum SimdWidth
{
    /// <summary>One element at a time: the reference path every other width is tested against.</summary>
    Scalar = 1,

    /// <summary>128-bit registers (SSE, NEON).</summary>
    Vector128 = 128,

    /// <summary>256-bit registers (AVX2).</summary>
    Vector256 = 256,

    /// <summary>512-bit registers (AVX-512).</summary>
    Vector512 = 512,
}

/// <summary>Which widths this process accelerates, and the widest one.</summary>
public static class SimdSupport
{
    /// <summary>The widest hardware-accelerated width: what models use unless told otherwise.</summary>
    public static SimdWidth Best { get; } =
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? SimdWidth.Vector128
        : SimdWidth.Scalar;

    /// <summary>True when <paramref name="width"/> runs in hardware here (scalar always does).</summary>
    public static bool IsAccelerated(SimdWidth width) => width switch
    {
        SimdWidth.Scalar => true,
        SimdWidth.Vector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
        SimdWidth.Vector256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        SimdWidth.Vector512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>A one-line description such as "Vector512 (accelerated: 512, 256, 128)".</summary>
    public static string Describe()
    {
        var parts = new System.Collections.Generic.List<string>();
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            parts.Add("512");
        }

        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            parts.Add("256");
        }

        if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated)
        {
            parts.Add("128");
        }

        return $"{Best} (accelerated: {(parts.Count == 0 ? "none" : string.Join(", ", parts))})";
    }

    /// <summary>Elements every bound buffer is padded to, so that any width reads whole registers.</summary>
    public const int PadElements = 32;

    /// <summary>Rounds a row count up to a whole number of pairs of the widest registers (128 bytes of float): the density kernels take two registers of rows per trip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PaddedLength(int rows) => (rows + PadElements - 1) / PadElements * PadElements;
}

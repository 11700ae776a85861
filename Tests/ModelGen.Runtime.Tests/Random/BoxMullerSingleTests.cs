using System.Runtime.Intrinsics;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Runtime.Tests.Random;

/// <summary>
/// The float transcendentals of the vector Box–Muller kernels, over every argument they can be given: ln u for the
/// 2^24 uniforms u = k·2^-24 (k = 1 … 2^24), and sin, cos of the 2^24 quarter-turn counts t = 4k·2^-24
/// (k = 0 … 2^24 − 1), at every accelerated width, against double-precision <see cref="Math"/>.
/// </summary>
public class BoxMullerSingleTests
{
    // The kernels' own error: a few roundings in Horner's rule plus the polynomials' truncation (below half an ulp).
    // The double reference adds at most a few 2^-53 relative (and, for sin and cos, ~2^-51 absolute from rounding
    // πt/2 with t < 4), far below a float ulp except where the true value is 0: hence the absolute floor.
    private const double MaxUlps = 4;
    private const double SinCosFloor = 8.8817841970012523e-16; // 2^-50

    private const int Count = 1 << 24;
    private const float Scale24 = 1.0f / (1 << 24);

    public static TheoryData<SimdWidth> Widths => new() { SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 };

    [Theory]
    [MemberData(nameof(Widths))]
    public void Log_EveryUniform_WithinFourUlps(SimdWidth width)
    {
        if (!SimdSupport.IsAccelerated(width))
        {
            return;
        }

        float[] u = new float[Count];
        for (int k = 1; k <= Count; k++)
        {
            u[k - 1] = k * Scale24;
        }

        float[] log = Apply(width, u, static v => Simd128F.UnitLog(v), static v => Simd256F.UnitLog(v), static v => Simd512F.UnitLog(v));
        for (int i = 0; i < Count; i++)
        {
            double exact = Math.Log(u[i]);
            double error = exact == 0 ? Math.Abs(log[i]) / float.Epsilon : Math.Abs(log[i] - exact) / Ulp(exact);
            if (!(error <= MaxUlps))
            {
                Assert.Fail($"{width}: ln({u[i]:R}) = {log[i]:R}, exact {exact:R}: {error:F2} ulps");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void SinCos_EveryQuarterTurnCount_WithinFourUlps(SimdWidth width)
    {
        if (!SimdSupport.IsAccelerated(width))
        {
            return;
        }

        float[] t = new float[Count];
        for (int k = 0; k < Count; k++)
        {
            t[k] = k * (4 * Scale24);
        }

        float[] sin = Apply(width, t, static v => Simd128F.SinCosQuarterTurns(v).Sin, static v => Simd256F.SinCosQuarterTurns(v).Sin, static v => Simd512F.SinCosQuarterTurns(v).Sin);
        float[] cos = Apply(width, t, static v => Simd128F.SinCosQuarterTurns(v).Cos, static v => Simd256F.SinCosQuarterTurns(v).Cos, static v => Simd512F.SinCosQuarterTurns(v).Cos);
        for (int i = 0; i < Count; i++)
        {
            (double exactSin, double exactCos) = Math.SinCos(Math.PI / 2 * t[i]);
            Check(sin[i], exactSin, "sin", t[i]);
            Check(cos[i], exactCos, "cos", t[i]);
        }

        void Check(float value, double exact, string what, float at)
        {
            double bound = (MaxUlps * Ulp(exact)) + SinCosFloor;
            if (!(Math.Abs(value - exact) <= bound))
            {
                Assert.Fail($"{width}: {what}(π/2 · {at:R}) = {value:R}, exact {exact:R}, off by {Math.Abs(value - exact):G3} > {bound:G3}");
            }
        }
    }

    // The float ulp at |x| (the spacing of floats just above |x| rounded to float).
    private static double Ulp(double x)
    {
        float f = (float)Math.Abs(x);
        return MathF.BitIncrement(f) - f;
    }

    private static float[] Apply(SimdWidth width, float[] input, Func<Vector128<float>, Vector128<float>> f128, Func<Vector256<float>, Vector256<float>> f256, Func<Vector512<float>, Vector512<float>> f512)
    {
        float[] output = new float[input.Length];
        int lanes = width switch { SimdWidth.Vector128 => 4, SimdWidth.Vector256 => 8, _ => 16 };
        for (int i = 0; i < input.Length; i += lanes)
        {
            switch (width)
            {
                case SimdWidth.Vector128: f128(Vector128.Create(input.AsSpan(i, lanes))).CopyTo(output.AsSpan(i)); break;
                case SimdWidth.Vector256: f256(Vector256.Create(input.AsSpan(i, lanes))).CopyTo(output.AsSpan(i)); break;
                default: f512(Vector512.Create(input.AsSpan(i, lanes))).CopyTo(output.AsSpan(i)); break;
            }
        }

        return output;
    }
}

using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Runtime.Tests.Random;

public class NormalTests
{
    // Draws pooled per statistical check: the 5-SE moment bounds and the α = 0.001 KS bound are then
    // about 0.011 (mean), 0.016 (variance) and 0.0044 (KS distance).
    private const int PooledDraws = 200_000;

    public static TheoryData<int> Lengths => new() { 1, 2, 3, 7, 40, 41, 1000 };

    [Fact]
    public void NextNormal_IsStandardNormal()
    {
        var rng = new Rng(101);
        double[] sample = new double[PooledDraws];
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = rng.NextNormal();
        }

        SampleStatistics.AssertStandardNormal(sample);
    }

    public static TheoryData<SimdWidth> Widths => new() { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 };

    /// <summary>
    /// Each width's float normals (the vector ones with their own ln, sin and cos) against N(0, 1): the moments and KS
    /// of <see cref="SampleStatistics.AssertStandardNormal"/> on 200,000 draws, and the tails on 2^22 draws: the count
    /// beyond ±2, ±3, ±4 and ±5 is Binomial(n, 2(1 − Φ(c))), held to 5 standard errors; none beyond the largest radius
    /// 24-bit uniforms give, √(2 ln 2^24) ≈ 5.77.
    /// </summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void FillNormalSingle_EveryWidth_IsStandardNormal_IncludingTails(SimdWidth width)
    {
        if (!SimdSupport.IsAccelerated(width))
        {
            return;
        }

        var rng = new Rng(404);
        float[] block = new float[40];
        double[] sample = new double[PooledDraws];
        for (int at = 0; at < sample.Length; at += block.Length)
        {
            rng.FillNormal(block, width);
            for (int i = 0; i < block.Length && at + i < sample.Length; i++)
            {
                sample[at + i] = block[i];
            }
        }

        SampleStatistics.AssertStandardNormal(sample);

        const int n = 1 << 22;
        double[] cuts = [2, 3, 4, 5];
        long[] beyond = new long[cuts.Length];
        float largest = 0;
        float[] draws = new float[4096];
        for (int done = 0; done < n; done += draws.Length)
        {
            rng.FillNormal(draws, width);
            foreach (float z in draws)
            {
                float a = MathF.Abs(z);
                largest = MathF.Max(largest, a);
                for (int c = 0; c < cuts.Length; c++)
                {
                    beyond[c] += a > cuts[c] ? 1 : 0;
                }
            }
        }

        for (int c = 0; c < cuts.Length; c++)
        {
            double p = 2 * (1 - NormalCdfTail(cuts[c]));
            SampleStatistics.AssertWithin(beyond[c], n * p, Math.Sqrt(n * p * (1 - p)), $"{width}: draws beyond ±{cuts[c]}");
        }

        Assert.True(largest <= Math.Sqrt(2 * 24 * Math.Log(2)) + 1e-5, $"{width}: |z| = {largest} beyond the largest radius");
    }

    // The float vector kernels are lane-wise IEEE arithmetic (BoxMullerSingle), which is what lets a 512-bit fill
    // finish its tail with narrower registers: every accelerated width gives the same bits at every length.
    [Fact]
    public void FillNormalSingle_VectorWidths_AgreeBitForBit()
    {
        foreach (int length in CoverageLengths())
        {
            float[]? reference = null;
            foreach (SimdWidth width in new[] { SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
            {
                if (!SimdSupport.IsAccelerated(width))
                {
                    continue;
                }

                var rng = new Rng(21);
                float[] values = new float[length];
                rng.FillNormal(values, width);
                reference ??= values;
                Assert.True(reference.AsSpan().SequenceEqual(values), $"{width}, length {length}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FillNormalDouble_IsStandardNormal(int length)
    {
        var rng = new Rng(202 + (ulong)length);
        SampleStatistics.AssertStandardNormal(PoolDouble(ref rng, length, PooledDraws));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FillNormalSingle_IsStandardNormal(int length)
    {
        var rng = new Rng(303 + (ulong)length);
        SampleStatistics.AssertStandardNormal(PoolSingle(ref rng, length, PooledDraws));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(41)]
    [InlineData(1000)]
    public void FillNormalDouble_ElementsWithinACall_AreUncorrelated(int length)
    {
        var rng = new Rng(404 + (ulong)length);
        AssertNoLagCorrelation(length, PoolDouble(ref rng, length, PooledDraws));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(41)]
    [InlineData(1000)]
    public void FillNormalSingle_ElementsWithinACall_AreUncorrelated(int length)
    {
        var rng = new Rng(505 + (ulong)length);
        AssertNoLagCorrelation(length, PoolSingle(ref rng, length, PooledDraws));
    }

    [Fact]
    public void FillNormal_EmptySpan_DoesNotAdvanceState()
    {
        var rng = new Rng(9);
        Rng copy = rng;
        rng.FillNormal(Span<double>.Empty);
        rng.FillNormal(Span<float>.Empty);
        Assert.Equal(copy.NextUInt64(), rng.NextUInt64());
    }

    [Fact]
    public void FillNormal_WritesEveryElement_AtEveryLength()
    {
        var rng = new Rng(10);
        foreach (int length in CoverageLengths())
        {
            double[] d = new double[length];
            Array.Fill(d, double.NaN);
            rng.FillNormal(d);
            Assert.All(d, v => Assert.True(double.IsFinite(v), $"length {length}: {v}"));

            float[] f = new float[length];
            Array.Fill(f, float.NaN);
            rng.FillNormal(f);
            Assert.All(f, v => Assert.True(float.IsFinite(v), $"length {length}: {v}"));
        }
    }

    [Fact]
    public void FillNormal_DoesNotWritePastTheSpan()
    {
        var rng = new Rng(12);
        foreach (int length in CoverageLengths())
        {
            double[] d = new double[length + 2];
            Array.Fill(d, double.NaN);
            rng.FillNormal(d.AsSpan(1, length));
            Assert.True(double.IsNaN(d[0]) && double.IsNaN(d[^1]), $"length {length}");

            float[] f = new float[length + 2];
            Array.Fill(f, float.NaN);
            rng.FillNormal(f.AsSpan(1, length));
            Assert.True(float.IsNaN(f[0]) && float.IsNaN(f[^1]), $"length {length}");
        }
    }

    [Fact]
    public void FillNormal_SameSeed_SameValues_DifferentSeed_DifferentValues()
    {
        double[] a = Fill(1, 1000);
        double[] b = Fill(1, 1000);
        double[] c = Fill(2, 1000);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        static double[] Fill(ulong seed, int n)
        {
            var rng = new Rng(seed);
            double[] values = new double[n];
            rng.FillNormal(values);
            return values;
        }
    }

    [Fact]
    public void FillNormal_Generic_MatchesTypedOverloads()
    {
        var typed = new Rng(13);
        var generic = new Rng(13);
        double[] d1 = new double[41];
        double[] d2 = new double[41];
        float[] f1 = new float[41];
        float[] f2 = new float[41];
        typed.FillNormal(d1.AsSpan());
        typed.FillNormal(f1.AsSpan());
        generic.FillNormal<double>(d2);
        generic.FillNormal<float>(f2);
        Assert.Equal(d1, d2);
        Assert.Equal(f1, f2);

        Half[] h = new Half[5];
        generic.FillNormal<Half>(h);
        Assert.All(h, v => Assert.True(Half.IsFinite(v)));
    }

    [Fact]
    public void FillNormal_EveryWidth_MatchesScalarReference()
    {
        // Every width transforms the same bits, so results differ only by the transcendental functions'
        // rounding. With log, sin and cos each within k = 4 ulp, z = r cos θ with r = √(−2 ln u1) is off
        // by at most r (1.5k + 2) ε ≤ 8 ε R per implementation, so two differ by ≤ 16 ε R, where R is the
        // largest radius: √(2 ln 2^52) for double, √(2 ln 2^24) for float.
        double toleranceD = 16 * Math.Pow(2, -52) * Math.Sqrt(2 * 52 * Math.Log(2));
        double toleranceF = 16 * Math.Pow(2, -23) * Math.Sqrt(2 * 24 * Math.Log(2));
        foreach (SimdWidth width in new[] { SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            if (!SimdSupport.IsAccelerated(width))
            {
                continue;
            }

            foreach (int length in new[] { 1, 2, 3, 7, 40, 41, 1000, 5001 })
            {
                var vector = new Rng(14);
                var scalar = new Rng(14);
                double[] dv = new double[length];
                double[] ds = new double[length];
                vector.FillNormal(dv, width);
                scalar.FillNormal(ds, SimdWidth.Scalar);
                for (int i = 0; i < length; i++)
                {
                    Assert.True(Math.Abs(dv[i] - ds[i]) <= toleranceD, $"{width} double, length {length}, [{i}]: {dv[i]:R} vs {ds[i]:R}");
                }

                float[] fv = new float[length];
                float[] fs = new float[length];
                vector.FillNormal(fv, width);
                scalar.FillNormal(fs, SimdWidth.Scalar);
                for (int i = 0; i < length; i++)
                {
                    Assert.True(Math.Abs(fv[i] - fs[i]) <= toleranceF, $"{width} float, length {length}, [{i}]: {fv[i]:R} vs {fs[i]:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData(40)]
    [InlineData(41)]
    [InlineData(100_000)]
    public void FillNormal_DoesNotAllocate(int length)
    {
        var rng = new Rng(15);
        double[] d = new double[length];
        float[] f = new float[length];
        for (int i = 0; i < 10; i++)
        {
            rng.FillNormal(d);
            rng.FillNormal(f);
        }

        int calls = length > 1000 ? 100 : 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            rng.FillNormal(d);
            rng.FillNormal(f);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
    }

    // Φ(x) for the tail counts, to full double precision: 1 − Φ(x) = erfc(x/√2)/2 by the continued fraction
    // (Abramowitz and Stegun 26.2.14), which converges fast for x ≥ 2, the only arguments used.
    private static double NormalCdfTail(double x)
    {
        double tail = 0;
        for (int k = 200; k >= 1; k--)
        {
            tail = k / (x + tail);
        }

        return 1 - (Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI) / (x + tail));
    }

    private static IEnumerable<int> CoverageLengths()
    {
        for (int n = 0; n <= 130; n++)
        {
            yield return n;
        }

        foreach (int n in new[] { 255, 256, 257, 511, 512, 513, 1000, 1023, 1024, 1025, 4097 })
        {
            yield return n;
        }
    }

    // Concatenates repeated calls of one length, so each code path (tails, odd element) is tested alone.
    private static double[] PoolDouble(ref Rng rng, int length, int total)
    {
        double[] pooled = new double[(total + length - 1) / length * length];
        for (int at = 0; at < pooled.Length; at += length)
        {
            rng.FillNormal(pooled.AsSpan(at, length));
        }

        return pooled;
    }

    private static double[] PoolSingle(ref Rng rng, int length, int total)
    {
        float[] call = new float[length];
        double[] pooled = new double[(total + length - 1) / length * length];
        for (int at = 0; at < pooled.Length; at += length)
        {
            rng.FillNormal(call);
            for (int i = 0; i < length; i++)
            {
                pooled[at + i] = call[i];
            }
        }

        return pooled;
    }

    // For independent N(0, 1) draws, x_i·x_(i+k) has mean 0 and variance 1, so the average over the n_k
    // pairs at lag k within a call has standard error 1/√n_k. Every lag 1 … length−1 must stay within
    // 5 standard errors; this covers each Box–Muller partner, wherever the layout puts it.
    private static void AssertNoLagCorrelation(int length, double[] pooled)
    {
        int calls = pooled.Length / length;
        for (int lag = 1; lag < length; lag++)
        {
            double sum = 0;
            for (int c = 0; c < calls; c++)
            {
                int baseIndex = c * length;
                for (int i = 0; i + lag < length; i++)
                {
                    sum += pooled[baseIndex + i] * pooled[baseIndex + i + lag];
                }
            }

            double n = (double)calls * (length - lag);
            SampleStatistics.AssertWithin(sum / n, 0, 1 / Math.Sqrt(n), $"lag-{lag} product mean (length {length})");
        }
    }
}

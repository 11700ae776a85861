using ModelGen.Random;

namespace ModelGen.Runtime.Tests.Random;

public class RngTests
{
    [Fact]
    public void SplitMix64_FromZero_MatchesPublishedOutputs()
    {
        ulong counter = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, Rng.SplitMix64(ref counter));
        Assert.Equal(0x6E789E6AA1B965F4UL, Rng.SplitMix64(ref counter));
        Assert.Equal(0x06C45D188009454FUL, Rng.SplitMix64(ref counter));
    }

    [Fact]
    public void Seed_IsSplitMix64Outputs()
    {
        var rng = new Rng(0);
        Span<ulong> state = stackalloc ulong[Rng.StateLength];
        rng.GetState(state);
        Assert.Equal(0xE220A8397B1DCDAFUL, state[0]);
        Assert.Equal(0x6E789E6AA1B965F4UL, state[1]);
        Assert.Equal(0x06C45D188009454FUL, state[2]);
    }

    [Fact]
    public void Xoshiro256StarStar_FromStateOneTwoThreeFour_MatchesReferenceOutputs()
    {
        // The reference implementation's outputs from state {1, 2, 3, 4}, as published in several test suites.
        ulong[] expected =
        [
            11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
            607988272756665600, 16172922978634559625, 8476171486693032832,
            10595114339597558777, 2904607092377533576,
        ];
        var rng = Rng.FromState([1, 2, 3, 4]);
        foreach (ulong e in expected)
        {
            Assert.Equal(e, rng.NextUInt64());
        }
    }

    [Fact]
    public void SameSeed_GivesSameSequence()
    {
        var a = new Rng(12345);
        var b = new Rng(12345);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentSequences()
    {
        var a = new Rng(1);
        var b = new Rng(2);
        int equal = 0;
        for (int i = 0; i < 1000; i++)
        {
            equal += a.NextUInt64() == b.NextUInt64() ? 1 : 0;
        }

        // Two independent 64-bit streams collide with probability 1000 / 2^64.
        Assert.Equal(0, equal);
    }

    [Fact]
    public void NextDouble_IsIn_ZeroOne_With53Bits_AndUniformMean()
    {
        var rng = new Rng(7);
        const int n = 1_000_000;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            double scaled = u * (1UL << 53);
            Assert.Equal(Math.Floor(scaled), scaled);
            sum += u;
        }

        // U(0, 1) has variance 1/12, so the mean of n draws has standard error √(1 / 12n).
        SampleStatistics.AssertWithin(sum / n, 0.5, Math.Sqrt(1.0 / (12.0 * n)), "mean of NextDouble");
    }

    [Fact]
    public void NextSingle_IsIn_ZeroOne_With24Bits_AndUniformMean()
    {
        var rng = new Rng(8);
        const int n = 1_000_000;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float u = rng.NextSingle();
            Assert.InRange(u, 0f, MathF.BitDecrement(1f));
            float scaled = u * (1 << 24);
            Assert.Equal(MathF.Floor(scaled), scaled);
            sum += u;
        }

        SampleStatistics.AssertWithin(sum / n, 0.5, Math.Sqrt(1.0 / (12.0 * n)), "mean of NextSingle");
    }

    [Fact]
    public void NextInt_SmallBound_PassesChiSquare()
    {
        var rng = new Rng(99);
        const int bound = 7;
        const int n = 700_000;
        long[] counts = new long[bound];
        for (int i = 0; i < n; i++)
        {
            counts[rng.NextInt(bound)]++;
        }

        double chi = SampleStatistics.ChiSquareUniform(counts);
        Assert.True(chi < SampleStatistics.ChiSquareCritical999(bound - 1), $"χ² = {chi:G5} with {bound - 1} degrees of freedom");
    }

    [Fact]
    public void NextInt_LargeBound_IsUnbiased_ResiduesModThree()
    {
        // With bound 3·2^29, multiply-shift without the rejection step maps each 8 consecutive 32-bit
        // inputs to outputs 3q + (0,0,0,1,1,1,2,2): residues mod 3 would have probabilities (3/8, 3/8, 2/8),
        // an expected χ² of n/32 ≈ 9400 here. With rejection they are uniform.
        var rng = new Rng(2024);
        const int bound = 3 << 29;
        const int n = 300_000;
        long[] counts = new long[3];
        for (int i = 0; i < n; i++)
        {
            int value = rng.NextInt(bound);
            Assert.InRange(value, 0, bound - 1);
            counts[value % 3]++;
        }

        double chi = SampleStatistics.ChiSquareUniform(counts);
        Assert.True(chi < SampleStatistics.ChiSquareCritical999(2), $"χ² = {chi:G5} with 2 degrees of freedom");
    }

    [Fact]
    public void NextInt_EdgeBounds()
    {
        var rng = new Rng(3);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(0, rng.NextInt(1));
            Assert.InRange(rng.NextInt(int.MaxValue), 0, int.MaxValue - 1);
        }
    }

    // Bounds where Lemire's rejection cannot fire (powers of two: 2^32 mod bound = 0) and where it can (500, 2^31 − 1):
    // the bulk fill is the same stream either way.
    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(500)]
    [InlineData(int.MaxValue)]
    public void FillInts_IsTheStreamOfNextInt(int bound)
    {
        var one = new Rng(11);
        var bulk = new Rng(11);
        var filled = new int[1001];
        bulk.FillInts(filled, bound);
        for (int i = 0; i < filled.Length; i++)
        {
            Assert.Equal(one.NextInt(bound), filled[i]);
        }

        Assert.Equal(one.NextUInt64(), bulk.NextUInt64());
    }

    // FillIndices takes two 32-bit words per output: the same checks as NextInt's (χ² for a small bound, residues mod 3
    // for a bound where unrejected multiply-shift would be biased, the edges), on whole calls of batch-like lengths.
    [Fact]
    public void FillIndices_SmallBound_PassesChiSquare()
    {
        var rng = new Rng(98);
        const int bound = 7;
        long[] counts = new long[bound];
        int[] batch = new int[49];
        for (int call = 0; call < 700_000 / batch.Length; call++)
        {
            rng.FillIndices(batch, bound);
            foreach (int k in batch)
            {
                counts[k]++;
            }
        }

        double chi = SampleStatistics.ChiSquareUniform(counts);
        Assert.True(chi < SampleStatistics.ChiSquareCritical999(bound - 1), $"χ² = {chi:G5} with {bound - 1} degrees of freedom");
    }

    [Fact]
    public void FillIndices_LargeBound_IsUnbiased_ResiduesModThree()
    {
        var rng = new Rng(2025);
        const int bound = 3 << 29;
        long[] counts = new long[3];
        int[] batch = new int[50];
        for (int call = 0; call < 300_000 / batch.Length; call++)
        {
            rng.FillIndices(batch, bound);
            foreach (int value in batch)
            {
                Assert.InRange(value, 0, bound - 1);
                counts[value % 3]++;
            }
        }

        double chi = SampleStatistics.ChiSquareUniform(counts);
        Assert.True(chi < SampleStatistics.ChiSquareCritical999(2), $"χ² = {chi:G5} with 2 degrees of freedom");
    }

    // Consecutive pairs within a call come from one 64-bit output: they must still be independent. The pair
    // (first, second) of a bound-8 draw is one of 64 cells, each with probability 1/64: χ² with 63 degrees of freedom.
    [Fact]
    public void FillIndices_PairsFromOneWord_AreIndependent()
    {
        var rng = new Rng(77);
        long[] cells = new long[64];
        int[] batch = new int[50];
        for (int call = 0; call < 20_000; call++)
        {
            rng.FillIndices(batch, 8);
            for (int i = 0; i < batch.Length; i += 2)
            {
                cells[(batch[i] * 8) + batch[i + 1]]++;
            }
        }

        double chi = SampleStatistics.ChiSquareUniform(cells);
        Assert.True(chi < SampleStatistics.ChiSquareCritical999(63), $"χ² = {chi:G5} with 63 degrees of freedom");
    }

    // A power-of-two bound never rejects: n indices take ⌈n/2⌉ outputs, high half first. Bound 1 gives zeros.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(49)]
    [InlineData(50)]
    public void FillIndices_UsesBothHalves_AndAdvancesByHalfTheCount(int length)
    {
        var one = new Rng(12);
        var bulk = new Rng(12);
        int[] filled = new int[length];
        bulk.FillIndices(filled, 1 << 16);
        for (int i = 0; i < length; i += 2)
        {
            ulong word = one.NextUInt64();
            Assert.Equal((int)(word >> 48), filled[i]);
            if (i + 1 < length)
            {
                Assert.Equal((int)((word & 0xFFFF_FFFFUL) >> 16), filled[i + 1]);
            }
        }

        Assert.Equal(one.NextUInt64(), bulk.NextUInt64());
        var zeros = new Rng(5);
        int[] z = new int[7];
        zeros.FillIndices(z, 1);
        Assert.All(z, v => Assert.Equal(0, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => zeros.FillIndices(z, 0));
        int[] big = new int[101];
        zeros.FillIndices(big, int.MaxValue);
        Assert.All(big, v => Assert.InRange(v, 0, int.MaxValue - 1));
    }

    [Fact]
    public void FillInts_NonPositiveBound_Throws()
    {
        var rng = new Rng(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.FillInts(new int[3], 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void NextInt_NonPositiveBound_Throws(int bound)
    {
        var rng = new Rng(3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(bound));
        Assert.Equal("maxExclusive", ex.ParamName);
    }

    [Fact]
    public void Split_DoesNotAdvanceParent_AndIsDeterministic()
    {
        var parent = new Rng(42);
        ulong[] before = new ulong[4];
        ulong[] after = new ulong[4];
        parent.GetState(before);
        Rng a = parent.Split(5);
        Rng b = parent.Split(5);
        parent.GetState(after);
        Assert.Equal(before, after);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void Split_StreamsDifferFromEachOtherAndFromParent()
    {
        var parent = new Rng(42);
        const int streams = 64;
        const int draws = 256;
        var seen = new HashSet<ulong>();
        for (ulong s = 0; s < streams; s++)
        {
            Rng child = parent.Split(s);
            for (int i = 0; i < draws; i++)
            {
                Assert.True(seen.Add(child.NextUInt64()), $"stream {s} repeated a value");
            }
        }

        Rng copy = parent;
        for (int i = 0; i < draws; i++)
        {
            Assert.True(seen.Add(copy.NextUInt64()), "a child repeated a parent value");
        }

        // 16640 values from independent 64-bit streams collide with probability ≈ 16640² / 2^65 ≈ 7.5e-12.
    }

    [Fact]
    public void Split_ChildMeansAreUniform()
    {
        // A weak split (e.g. child = parent with one word changed) would correlate streams; the first
        // draws of 10000 children must look like 10000 independent uniforms.
        var parent = new Rng(11);
        const int n = 10_000;
        double sum = 0;
        for (ulong s = 0; s < n; s++)
        {
            Rng child = parent.Split(s);
            sum += child.NextDouble();
        }

        SampleStatistics.AssertWithin(sum / n, 0.5, Math.Sqrt(1.0 / (12.0 * n)), "mean of first child draws");
    }

    [Fact]
    public void Jump_Equals_TransitionMatrixTo2Pow128()
    {
        var rng = new Rng(31337);
        ulong[] state = new ulong[4];
        rng.GetState(state);

        ulong[] expected = Gf2Jump.Apply(Gf2Jump.TransitionPower2(128), state);
        rng.Jump();
        ulong[] actual = new ulong[4];
        rng.GetState(actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Jump_MatrixModel_MatchesOneStep()
    {
        // Checks the test's own transition matrix against the generator, so the jump test rests on it.
        var rng = new Rng(5);
        ulong[] state = new ulong[4];
        rng.GetState(state);
        ulong[] expected = Gf2Jump.Apply(Gf2Jump.TransitionPower2(0), state);
        rng.NextUInt64();
        ulong[] actual = new ulong[4];
        rng.GetState(actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void GetState_FromState_ContinuesIdentically()
    {
        var rng = new Rng(777);
        for (int i = 0; i < 13; i++)
        {
            rng.NextUInt64();
        }

        ulong[] saved = new ulong[Rng.StateLength];
        rng.GetState(saved);
        var restored = Rng.FromState(saved);

        double[] a = new double[41];
        double[] b = new double[41];
        rng.FillNormal(a);
        restored.FillNormal(b);
        Assert.Equal(a, b);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(rng.NextUInt64(), restored.NextUInt64());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    public void FromState_WrongLength_Throws(int length)
    {
        ulong[] state = new ulong[length];
        Array.Fill(state, 1UL);
        var ex = Assert.Throws<ArgumentException>(() => Rng.FromState(state));
        Assert.Equal("state", ex.ParamName);
    }

    [Fact]
    public void FromState_AllZero_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Rng.FromState(new ulong[4]));
        Assert.Equal("state", ex.ParamName);
    }

    [Fact]
    public void GetState_ShortSpan_Throws()
    {
        var rng = new Rng(1);
        var ex = Assert.Throws<ArgumentException>(() => rng.GetState(new ulong[3]));
        Assert.Equal("destination", ex.ParamName);
    }

    /// <summary>
    /// The xoshiro256 state update is linear over GF(2): a 256×256 bit matrix M. Squaring it 128 times gives
    /// M^(2^128), the map Jump must equal; this checks the jump polynomial without taking 2^128 steps.
    /// </summary>
    private static class Gf2Jump
    {
        // Column j of a matrix is the image of basis vector e_j, stored as four words.
        public static ulong[][] TransitionPower2(int squarings)
        {
            var m = new ulong[256][];
            for (int j = 0; j < 256; j++)
            {
                ulong[] e = new ulong[4];
                e[j / 64] = 1UL << (j % 64);
                m[j] = StepState(e);
            }

            for (int k = 0; k < squarings; k++)
            {
                var square = new ulong[256][];
                for (int j = 0; j < 256; j++)
                {
                    square[j] = Apply(m, m[j]);
                }

                m = square;
            }

            return m;
        }

        public static ulong[] Apply(ulong[][] matrix, ulong[] v)
        {
            ulong[] r = new ulong[4];
            for (int j = 0; j < 256; j++)
            {
                if ((v[j / 64] >> (j % 64) & 1) != 0)
                {
                    for (int w = 0; w < 4; w++)
                    {
                        r[w] ^= matrix[j][w];
                    }
                }
            }

            return r;
        }

        // The xoshiro256 state transition, written out independently of the generator.
        private static ulong[] StepState(ulong[] s)
        {
            ulong s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = (s3 << 45) | (s3 >> 19);
            return [s0, s1, s2, s3];
        }
    }
}

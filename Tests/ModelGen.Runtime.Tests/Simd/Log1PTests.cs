using System.Globalization;
using System.Numerics;
using System.Text;
using ModelGen.Random;
using ModelGen.Simd;
using Xunit.Abstractions;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>
/// <see cref="ISimd{TVec, T}.Log1P"/> at every width and element type against <see cref="Tolerance.Log1POracle"/>:
/// on positive numbers over every binade, on (−1, 0) down to the subnormals, next to −1 and ±1 (where the
/// Fast2Sum order switches), on a grid over (−1, 2], and on the special values alone and in mixed registers. The
/// scalar reference is checked against the same oracle.
/// </summary>
public sealed class Log1PTests(ITestOutputHelper output)
{
    public static TheoryData<SimdWidth, Element> Targets => SimdTargets.All;

    [Theory]
    [MemberData(nameof(Targets))]
    public void Log1P_MatchesOracle_OverEveryBinade(SimdWidth width, Element element) => SimdTargets.Run(width, element, new AccuracyCheck(output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Log1P_SpecialValues(SimdWidth width, Element element) => SimdTargets.Run(width, element, new SpecialCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void Log1P_LanesAreIndependent_InMixedRegisters(SimdWidth width, Element element) => SimdTargets.Run(width, element, new MixedLanesCheck());

    [Fact]
    public void ScalarLog1P_MatchesOracle()
    {
        foreach (double x in Inputs<double>())
        {
            Assert.True(Ulp.Between(ScalarD.Log1P(x), Tolerance.Log1POracle(x)) <= Tolerance.Log1P<double>(), string.Create(CultureInfo.InvariantCulture, $"ScalarD.Log1P({x:R}) = {ScalarD.Log1P(x):R}"));
        }

        foreach (float x in Inputs<float>())
        {
            Assert.True(Ulp.Between(ScalarF.Log1P(x), (float)Tolerance.Log1POracle(x)) <= Tolerance.Log1P<float>(), string.Create(CultureInfo.InvariantCulture, $"ScalarF.Log1P({x:R}) = {ScalarF.Log1P(x):R}"));
        }
    }

    private static T Reference<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(Tolerance.Log1POracle(double.CreateTruncating(x)));

    /// <summary>Finite points above −1.</summary>
    private static T[] Inputs<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new List<T>();
        var rng = new Rng(20260408);
        bool isFloat = typeof(T) == typeof(float);
        T one = T.One;
        for (int i = 0; i < 50_000; i++)
        {
            // Positive: uniform over all finite bit patterns. Negative: uniform over the bit patterns of (0, 1), negated.
            values.Add(isFloat
                ? T.CreateTruncating(BitConverter.UInt32BitsToSingle((uint)rng.NextInt(0x7F800000)))
                : T.CreateTruncating(BitConverter.UInt64BitsToDouble((rng.NextUInt64() >> 1) % 0x7FF0000000000000UL)));
            values.Add(isFloat
                ? T.CreateTruncating(-BitConverter.UInt32BitsToSingle((uint)rng.NextInt(0x3F800000)))
                : T.CreateTruncating(-BitConverter.UInt64BitsToDouble((rng.NextUInt64() >> 2) % 0x3FF0000000000000UL)));
        }

        // Next to −1 (log1p → −∞), and both sides of ±1.
        foreach (T start in new[] { -one, one })
        {
            T up = start;
            T down = start;
            for (int i = 0; i < 500; i++)
            {
                up = T.BitIncrement(up);
                down = T.BitDecrement(down);
                values.Add(up);
                if (down > -one)
                {
                    values.Add(down);
                }
            }
        }

        for (int i = -(1 << 16) + 1; i <= 2 << 16; i++)
        {
            values.Add(T.CreateTruncating(i / (double)(1 << 16)));
        }

        values.Add(T.Epsilon);
        values.Add(-T.Epsilon);
        values.Add(SimdInputs.LargestFinite<T>());
        return [.. values];
    }

    private readonly struct AccuracyCheck(ITestOutputHelper output) : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] x = Inputs<T>();
            T[] actual = SimdInputs.Map<TSimd, TVec, T>(x, TSimd.Log1P);
            UlpSweep.Check($"Log1P {SimdTargets.Describe<TSimd, TVec, T>()}", x, actual, Reference, Tolerance.Log1P<T>(), output);
        }
    }

    /// <summary>log1p(±0) = ±0, tiny x returns x, log1p(−1) = −∞, log1p(+∞) = +∞, NaN below −1 and for NaN.</summary>
    private readonly struct SpecialCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T tiny = T.CreateTruncating(1e-30);
            T[] x = [T.Zero, T.NegativeZero, tiny, -tiny, T.Epsilon, -T.One, T.PositiveInfinity, T.NaN, T.NegativeInfinity, T.CreateTruncating(-2), T.BitDecrement(-T.One)];
            T[] expected = [T.Zero, T.NegativeZero, tiny, -tiny, T.Epsilon, T.NegativeInfinity, T.PositiveInfinity, T.NaN, T.NaN, T.NaN, T.NaN];
            T[] actual = SimdInputs.Map<TSimd, TVec, T>(x, TSimd.Log1P);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(Same(expected[i], actual[i]), $"Log1P({UlpSweep.Show(x[i])}) = {UlpSweep.Show(actual[i])}, expected {UlpSweep.Show(expected[i])}");
                Assert.True(Same(expected[i], TScalar.Log1P(x[i])), $"scalar Log1P({UlpSweep.Show(x[i])}) = {UlpSweep.Show(TScalar.Log1P(x[i]))}, expected {UlpSweep.Show(expected[i])}");
            }
        }

        private static bool Same<T>(T expected, T actual)
            where T : unmanaged, IFloatingPointIeee754<T>
            => T.IsNaN(expected) ? T.IsNaN(actual) : actual == expected && T.IsNegative(actual) == T.IsNegative(expected);
    }

    /// <summary>Special and ordinary values mixed in every rotation: each lane equals its value's result alone, bit for bit.</summary>
    private readonly struct MixedLanesCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] pool =
            [
                -T.One, T.PositiveInfinity, T.NaN, T.CreateTruncating(-2), T.Epsilon, T.CreateTruncating(1e-3), T.NegativeZero,
                T.CreateTruncating(1e30), T.NegativeInfinity, T.CreateTruncating(-0.7), T.CreateTruncating(3), SimdInputs.LargestFinite<T>(),
                T.One, T.Zero, T.CreateTruncating(-0.999), T.CreateTruncating(42),
            ];
            int n = TSimd.Count;
            for (int rotation = 0; rotation < pool.Length; rotation++)
            {
                T[] lanes = [.. Enumerable.Range(0, n).Select(i => pool[(i + rotation) % pool.Length])];
                T[] mixed = SimdInputs.Lanes<TSimd, TVec, T>(TSimd.Log1P(SimdInputs.Vector<TSimd, TVec, T>(lanes)));
                for (int i = 0; i < n; i++)
                {
                    T alone = SimdInputs.Lanes<TSimd, TVec, T>(TSimd.Log1P(TSimd.Broadcast(lanes[i])))[0];
                    bool same = T.IsNaN(alone) ? T.IsNaN(mixed[i]) : mixed[i] == alone && T.IsNegative(mixed[i]) == T.IsNegative(alone);
                    Assert.True(same, $"lane {i} holding {UlpSweep.Show(lanes[i])}: {UlpSweep.Show(mixed[i])} in a mixed register, {UlpSweep.Show(alone)} alone");
                }
            }
        }
    }
}

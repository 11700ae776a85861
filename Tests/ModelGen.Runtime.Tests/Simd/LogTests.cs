using System.Globalization;
using System.Numerics;
using System.Text;
using ModelGen.Random;
using ModelGen.Simd;
using Xunit.Abstractions;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>
/// <see cref="ISimd{TVec, T}.Log"/> at every width and element type against <see cref="Math.Log(double)"/>,
/// on positive numbers spread evenly over every binade (subnormals included), on a dense grid around 1 and
/// the √½/√2 seam where the reduction changes exponent, on exact powers of two, and on the special values,
/// alone and mixed with ordinary values in one register. The bound is <see cref="Tolerance.Log{T}"/>.
/// </summary>
public sealed class LogTests(ITestOutputHelper output)
{
    public static TheoryData<SimdWidth, Element> Targets => SimdTargets.All;

    [Theory]
    [MemberData(nameof(Targets))]
    public void Log_MatchesMathLog_OverEveryBinade(SimdWidth width, Element element) => SimdTargets.Run(width, element, new AccuracyCheck(output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Log_SpecialValues_FollowIeee(SimdWidth width, Element element) => SimdTargets.Run(width, element, new SpecialCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void Log_LanesAreIndependent_InMixedRegisters(SimdWidth width, Element element) => SimdTargets.Run(width, element, new MixedLanesCheck());

    [Fact]
    public void ScalarLog_IsTheLibraryLog()
    {
        Assert.Equal(MathF.Log(3f), ScalarF.Log(3f));
        Assert.Equal(Math.Log(3d), ScalarD.Log(3d));
        Assert.Equal(float.NegativeInfinity, ScalarF.Log(0f));
        Assert.True(double.IsNaN(ScalarD.Log(-1d)));
    }

    /// <summary>
    /// The reference: <see cref="Math.Log(double)"/>, rounded to <typeparamref name="T"/>. For float it is the
    /// correctly rounded log except in cases a double ulp wide, better than MathF.Log (which is itself ~1 ulp).
    /// </summary>
    internal static T Reference<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.CreateTruncating(Math.Log(double.CreateTruncating(x)));

    /// <summary>The points of the accuracy check, all positive and finite.</summary>
    internal static T[] Inputs<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new List<T>();

        // Random bit patterns below +∞'s: uniform over the representable positive numbers, so every binade from
        // the smallest subnormal to the largest finite value gets about the same number of points.
        var rng = new Rng(20260407);
        bool isFloat = typeof(T) == typeof(float);
        for (int i = 0; i < 100_000; i++)
        {
            values.Add(isFloat
                ? T.CreateTruncating(BitConverter.UInt32BitsToSingle((uint)rng.NextInt(0x7F800000)))
                : T.CreateTruncating(BitConverter.UInt64BitsToDouble((rng.NextUInt64() >> 1) % 0x7FF0000000000000UL)));
        }

        // Around 1, where log x ≈ x − 1 and relative accuracy needs f = m − 1 exact: ±2000 ulps, then a grid over [½, 2].
        T up = T.One;
        T down = T.One;
        for (int i = 0; i < 2000; i++)
        {
            up = T.BitIncrement(up);
            down = T.BitDecrement(down);
            values.Add(up);
            values.Add(down);
        }

        for (int i = 1 << 15; i <= 1 << 17; i++)
        {
            values.Add(T.CreateTruncating(i / (double)(1 << 16)));
        }

        // The seams of the reduction, m = √½ and √2, with 50 neighbours each side, and the same at other exponents.
        foreach (double seam in new[] { Math.Sqrt(0.5), Math.Sqrt(2), Math.Sqrt(2) * 1024, Math.Sqrt(0.5) / 1e20 })
        {
            T a = T.CreateTruncating(seam);
            T b = a;
            for (int i = 0; i < 50; i++)
            {
                values.Add(a);
                values.Add(b);
                a = T.BitIncrement(a);
                b = T.BitDecrement(b);
            }
        }

        // Powers of two, where log x = k·ln 2 and only the k·ln 2 split is tested, and the ends of the subnormals.
        for (int k = isFloat ? -149 : -1074; k <= (isFloat ? 127 : 1023); k++)
        {
            values.Add(T.CreateTruncating(Math.Pow(2, k)));
        }

        T smallestNormal = T.CreateTruncating(isFloat ? Math.Pow(2, -126) : Math.Pow(2, -1022));
        values.Add(T.Epsilon);
        values.Add(T.BitIncrement(T.Epsilon));
        values.Add(T.BitDecrement(smallestNormal));
        values.Add(smallestNormal);
        values.Add(SimdInputs.LargestFinite<T>());
        return [.. values];
    }

    /// <summary>Every input within <see cref="Tolerance.Log{T}"/> ulps of the reference; the worst case is logged.</summary>
    private readonly struct AccuracyCheck(ITestOutputHelper output) : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] x = Inputs<T>();
            T[] actual = SimdInputs.Map<TSimd, TVec, T>(x, TSimd.Log);
            UlpSweep.Check($"Log {SimdTargets.Describe<TSimd, TVec, T>()}", x, actual, Reference, Tolerance.Log<T>(), output);
        }
    }

    /// <summary>log(1) = +0 exactly, log(±0) = −∞, log(+∞) = +∞, and NaN for NaN, −∞, negative normals and negative subnormals.</summary>
    private readonly struct SpecialCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] x = [T.One, T.Zero, T.NegativeZero, T.PositiveInfinity, T.NaN, T.NegativeInfinity, -T.One, -T.Epsilon, -SimdInputs.LargestFinite<T>()];
            T[] expected = [T.Zero, T.NegativeInfinity, T.NegativeInfinity, T.PositiveInfinity, T.NaN, T.NaN, T.NaN, T.NaN, T.NaN];
            T[] actual = SimdInputs.Map<TSimd, TVec, T>(x, TSimd.Log);
            for (int i = 0; i < x.Length; i++)
            {
                bool same = T.IsNaN(expected[i]) ? T.IsNaN(actual[i]) : actual[i] == expected[i] && T.IsNegative(actual[i]) == T.IsNegative(expected[i]);
                Assert.True(same, $"Log({UlpSweep.Show(x[i])}) = {UlpSweep.Show(actual[i])}, expected {UlpSweep.Show(expected[i])}");
                Assert.True(T.IsNaN(expected[i]) ? T.IsNaN(TScalar.Log(x[i])) : TScalar.Log(x[i]) == expected[i], $"scalar Log({UlpSweep.Show(x[i])}) = {UlpSweep.Show(TScalar.Log(x[i]))}");
            }
        }
    }

    /// <summary>
    /// Registers mixing every special class with ordinary values (a subnormal, values near 1, large ones), in
    /// every rotation, so each class sits in each lane once: every lane must equal the result for its value
    /// alone, bit for bit. The per-lane selects must not leak a neighbour's special case.
    /// </summary>
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
                T.Zero, T.PositiveInfinity, T.NaN, -T.One, T.Epsilon, T.CreateTruncating(1.0001), T.NegativeZero,
                T.CreateTruncating(1e30), T.NegativeInfinity, T.CreateTruncating(0.7), T.CreateTruncating(3),
                SimdInputs.LargestFinite<T>(), T.CreateTruncating(1e-30), T.One, T.CreateTruncating(0.25), T.CreateTruncating(42),
            ];
            int n = TSimd.Count;
            for (int rotation = 0; rotation < pool.Length; rotation++)
            {
                T[] lanes = [.. Enumerable.Range(0, n).Select(i => pool[(i + rotation) % pool.Length])];
                T[] mixed = SimdInputs.Lanes<TSimd, TVec, T>(TSimd.Log(SimdInputs.Vector<TSimd, TVec, T>(lanes)));
                for (int i = 0; i < n; i++)
                {
                    T alone = SimdInputs.Lanes<TSimd, TVec, T>(TSimd.Log(TSimd.Broadcast(lanes[i])))[0];
                    bool same = T.IsNaN(alone) ? T.IsNaN(mixed[i]) : mixed[i] == alone;
                    Assert.True(same, $"lane {i} holding {UlpSweep.Show(lanes[i])}: {UlpSweep.Show(mixed[i])} in a mixed register, {UlpSweep.Show(alone)} alone");
                }
            }
        }
    }
}

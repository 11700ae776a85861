using System.Globalization;
using System.Numerics;
using System.Text;
using ModelGen.Simd;
using Xunit.Abstractions;

namespace ModelGen.Runtime.Tests.Simd;

/// <summary>
/// Every <see cref="ISimd{TVec, T}"/> operator at every width and element type against the scalar
/// reference (<see cref="ScalarF"/>/<see cref="ScalarD"/>), with the tolerances derived in
/// <see cref="Tolerance"/>, plus the identities the model code relies on. One generic body per check
/// (an <see cref="ISimdCheck"/>), run for each width by <see cref="SimdTargets.Run"/>.
/// </summary>
public sealed class SimdOperatorTests(ITestOutputHelper output)
{
    public static TheoryData<SimdWidth, Element> Targets => SimdTargets.All;

    [Theory]
    [MemberData(nameof(Targets))]
    public void Shape_CountWidthZeroAndBroadcast(SimdWidth width, Element element) => SimdTargets.Run(width, element, new ShapeCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void LoadStore_RoundTripAtEveryOffset(SimdWidth width, Element element) => SimdTargets.Run(width, element, new LoadStoreCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void AddSubtractMultiplyDivide_EqualScalar(SimdWidth width, Element element) => SimdTargets.Run(width, element, new ArithmeticCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void MultiplyAdd_MatchesScalarWithinOneRounding(SimdWidth width, Element element) => SimdTargets.Run(width, element, new MultiplyAddCheck(output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Relu_EqualsScalar(SimdWidth width, Element element) => SimdTargets.Run(width, element, new UnaryCheck(UnaryOp.Relu, output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Step_EqualsScalar(SimdWidth width, Element element) => SimdTargets.Run(width, element, new UnaryCheck(UnaryOp.Step, output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Exp_MatchesScalar(SimdWidth width, Element element) => SimdTargets.Run(width, element, new UnaryCheck(UnaryOp.Exp, output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Tanh_MatchesScalar(SimdWidth width, Element element) => SimdTargets.Run(width, element, new UnaryCheck(UnaryOp.Tanh, output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Sigmoid_MatchesScalar(SimdWidth width, Element element) => SimdTargets.Run(width, element, new UnaryCheck(UnaryOp.Sigmoid, output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Softplus_MatchesOracle(SimdWidth width, Element element) => SimdTargets.Run(width, element, new UnaryCheck(UnaryOp.Softplus, output));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Tanh_IsOddAndBoundedByOne(SimdWidth width, Element element) => SimdTargets.Run(width, element, new TanhShapeCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void Sigmoid_OfXPlusSigmoidOfMinusX_IsOne(SimdWidth width, Element element) => SimdTargets.Run(width, element, new SigmoidSymmetryCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void Softplus_OfXMinusSoftplusOfMinusX_IsX(SimdWidth width, Element element) => SimdTargets.Run(width, element, new SoftplusIdentityCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void Softplus_NeverOverflows(SimdWidth width, Element element) => SimdTargets.Run(width, element, new SoftplusOverflowCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void NaN_Propagates(SimdWidth width, Element element) => SimdTargets.Run(width, element, new NaNCheck());

    [Theory]
    [MemberData(nameof(Targets))]
    public void Sum_AddsKnownLanes(SimdWidth width, Element element) => SimdTargets.Run(width, element, new SumCheck());

    /// <summary>Logs what this machine accelerates, so a failure can be read against the paths that ran.</summary>
    [Fact]
    public void LogsAcceleratedWidths()
    {
        output.WriteLine($"Vector64.IsHardwareAccelerated  = {System.Runtime.Intrinsics.Vector64.IsHardwareAccelerated}");
        output.WriteLine($"Vector128.IsHardwareAccelerated = {System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated}");
        output.WriteLine($"Vector256.IsHardwareAccelerated = {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}");
        output.WriteLine($"Vector512.IsHardwareAccelerated = {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
        output.WriteLine($"Fma.IsSupported = {System.Runtime.Intrinsics.X86.Fma.IsSupported}, Avx2 = {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, Avx512F = {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}, AdvSimd = {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}");
        output.WriteLine($"SimdSupport: {SimdSupport.Describe()}");
        Assert.True(SimdSupport.IsAccelerated(SimdWidth.Scalar));
    }

    public enum UnaryOp
    {
        Exp,
        Tanh,
        Sigmoid,
        Softplus,
        Relu,
        Step,
    }

    private static string Show<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T>
        => double.CreateTruncating(value).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Count, Width, Zero and Broadcast agree with the register type.</summary>
    private readonly struct ShapeCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            Assert.Equal((int)TSimd.Width / 8 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), TSimd.Count);
            Assert.Equal(System.Runtime.CompilerServices.Unsafe.SizeOf<TVec>() / System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), TSimd.Count);
            Assert.True(2 * TSimd.Count <= SimdSupport.PadElements, "bound buffers are padded to PadElements, two registers of rows per trip of the density kernels; a wider register would read past them");
            Assert.All(SimdInputs.Lanes<TSimd, TVec, T>(TSimd.Zero), z => Assert.True(z == T.Zero && !T.IsNegative(z)));
            T value = T.CreateTruncating(-1.25);
            Assert.All(SimdInputs.Lanes<TSimd, TVec, T>(TSimd.Broadcast(value)), v => Assert.Equal(value, v));
            Assert.Equal(1, TScalar.Count);
        }
    }

    /// <summary>Load then Store at every offset of a buffer copies exactly Count elements and touches nothing else.</summary>
    private readonly struct LoadStoreCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int count = TSimd.Count;
            var source = new T[(3 * count) + 1];
            for (int i = 0; i < source.Length; i++)
            {
                source[i] = T.CreateTruncating(i + 1);
            }

            T sentinel = T.CreateTruncating(-7);
            for (int offset = 0; offset + count <= source.Length; offset++)
            {
                TVec v = TSimd.Load(in source[0], (nuint)offset);
                var destination = new T[source.Length];
                Array.Fill(destination, sentinel);
                TSimd.Store(v, ref destination[0], (nuint)offset);
                for (int i = 0; i < destination.Length; i++)
                {
                    T expected = i >= offset && i < offset + count ? source[i] : sentinel;
                    Assert.True(expected == destination[i], $"offset {offset}: element {i} is {destination[i]}, expected {expected}");
                }

                // Loading through the scalar reference reads the same first element.
                Assert.Equal(TScalar.Load(in source[0], (nuint)offset), SimdInputs.Lanes<TSimd, TVec, T>(v)[0]);
            }
        }
    }

    /// <summary>
    /// Add, Subtract, Multiply and Divide are single IEEE operations, correctly rounded on every ISA, so
    /// each lane equals the scalar result exactly, zeros' signs and the 0/0 NaN included (no tolerance).
    /// </summary>
    private readonly struct ArithmeticCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            (T[] a, T[] b, _) = Triples<TSimd, TVec, T>();
            T[] sum = SimdInputs.Map<TSimd, TVec, T>(a, b, a, (x, y, _) => TSimd.Add(x, y));
            T[] difference = SimdInputs.Map<TSimd, TVec, T>(a, b, a, (x, y, _) => TSimd.Subtract(x, y));
            T[] product = SimdInputs.Map<TSimd, TVec, T>(a, b, a, (x, y, _) => TSimd.Multiply(x, y));
            T[] quotient = SimdInputs.Map<TSimd, TVec, T>(a, b, a, (x, y, _) => TSimd.Divide(x, y));
            for (int i = 0; i < a.Length; i++)
            {
                AssertSame(TScalar.Add(a[i], b[i]), sum[i], "+", a[i], b[i]);
                AssertSame(TScalar.Subtract(a[i], b[i]), difference[i], "−", a[i], b[i]);
                AssertSame(TScalar.Multiply(a[i], b[i]), product[i], "×", a[i], b[i]);
                AssertSame(TScalar.Divide(a[i], b[i]), quotient[i], "/", a[i], b[i]);
            }

            T[] numerators = [T.Zero, T.NegativeZero, T.One, -T.One, T.PositiveInfinity];
            T[] byZero = SimdInputs.Map<TSimd, TVec, T>(numerators, v => TSimd.Divide(v, TSimd.Zero));
            for (int i = 0; i < numerators.Length; i++)
            {
                AssertSame(TScalar.Divide(numerators[i], T.Zero), byZero[i], "/", numerators[i], T.Zero);
            }
        }

        private static void AssertSame<T>(T expected, T actual, string op, T a, T b)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            bool same = T.IsNaN(expected) ? T.IsNaN(actual) : expected == actual && T.IsNegative(expected) == T.IsNegative(actual);
            Assert.True(same, $"{Show(a)} {op} {Show(b)}: vector {Show(actual)}, scalar {Show(expected)}");
        }
    }

    /// <summary>MultiplyAdd and NegateMultiplyAdd within <see cref="Tolerance.MultiplyAddAbsolute"/> of the unfused scalar.</summary>
    private readonly struct MultiplyAddCheck(ITestOutputHelper output) : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            (T[] a, T[] b, T[] c) = Triples<TSimd, TVec, T>();
            T[] fma = SimdInputs.Map<TSimd, TVec, T>(a, b, c, TSimd.MultiplyAdd);
            T[] fnma = SimdInputs.Map<TSimd, TVec, T>(a, b, c, TSimd.NegateMultiplyAdd);
            int fused = 0;
            for (int i = 0; i < a.Length; i++)
            {
                T expected = TScalar.MultiplyAdd(a[i], b[i], c[i]);
                double bound = Tolerance.MultiplyAddAbsolute(a[i], b[i], expected);
                Assert.True(Math.Abs(double.CreateTruncating(fma[i] - expected)) <= bound, $"MultiplyAdd({Show(a[i])}, {Show(b[i])}, {Show(c[i])}) = {Show(fma[i])}, scalar {Show(expected)}");
                fused += fma[i] == T.FusedMultiplyAdd(a[i], b[i], c[i]) && fma[i] != expected ? 1 : 0;

                T negated = TScalar.NegateMultiplyAdd(a[i], b[i], c[i]);
                bound = Tolerance.MultiplyAddAbsolute(a[i], b[i], negated);
                Assert.True(Math.Abs(double.CreateTruncating(fnma[i] - negated)) <= bound, $"NegateMultiplyAdd({Show(a[i])}, {Show(b[i])}, {Show(c[i])}) = {Show(fnma[i])}, scalar {Show(negated)}");
            }

            output.WriteLine($"{SimdTargets.Describe<TSimd, TVec, T>()}: MultiplyAdd differs from the unfused scalar, as a fused FMA, at {fused} of {a.Length} points");
        }
    }

    /// <summary>
    /// Three finite inputs per point: the grid against itself reversed and shifted, padded to whole
    /// registers with small values. Big and small magnitudes meet, so cancellation is exercised.
    /// </summary>
    private static (T[] A, T[] B, T[] C) Triples<TSimd, TVec, T>()
        where TSimd : struct, ISimd<TVec, T>
        where TVec : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] grid = [.. SimdInputs.Unary<T>().Where(x => T.IsFinite(x) && T.Abs(x) < T.CreateTruncating(1e6))];
        int n = (grid.Length + TSimd.Count - 1) / TSimd.Count * TSimd.Count;
        var a = new T[n];
        var b = new T[n];
        var c = new T[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = i < grid.Length ? grid[i] : T.CreateTruncating(i);
            b[i] = i < grid.Length ? grid[grid.Length - 1 - i] : T.One;
            c[i] = i < grid.Length ? grid[(i * 7919) % grid.Length] : T.One;
        }

        return (a, b, c);
    }

    /// <summary>A unary operator over the whole input set against its reference, each point within its bound.</summary>
    private readonly struct UnaryCheck(UnaryOp op, ITestOutputHelper output) : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            Func<TVec, TVec> vector = op switch
            {
                UnaryOp.Exp => TSimd.Exp,
                UnaryOp.Tanh => TSimd.Tanh,
                UnaryOp.Sigmoid => TSimd.Sigmoid,
                UnaryOp.Softplus => TSimd.Softplus,
                UnaryOp.Relu => TSimd.Relu,
                _ => TSimd.Step,
            };
            T[] x = SimdInputs.Unary<T>();
            T[] actual = SimdInputs.Map<TSimd, TVec, T>(x, vector);

            var failures = new StringBuilder();
            int failed = 0;
            double worst = 0, worstRatio = 0;
            T worstX = T.Zero;
            for (int i = 0; i < x.Length; i++)
            {
                T expected = Reference<TScalar, T>(x[i]);
                double allowed = op switch
                {
                    UnaryOp.Exp => Tolerance.Exp,
                    UnaryOp.Tanh => Tolerance.Tanh(x[i], expected),
                    UnaryOp.Sigmoid => Tolerance.Sigmoid,
                    UnaryOp.Softplus => Tolerance.Softplus<T>(),
                    // max and a comparison: exact, as the scalar code (−0 → +0 on both paths).
                    _ => 0,
                };
                double ulps = Ulp.Between(actual[i], expected);
                if (op is UnaryOp.Relu or UnaryOp.Step && ulps == 0 && T.IsNegative(actual[i]) != T.IsNegative(expected))
                {
                    ulps = double.PositiveInfinity;
                }

                if (ulps > worst)
                {
                    (worst, worstX) = (ulps, x[i]);
                }

                worstRatio = Math.Max(worstRatio, allowed == 0 ? (ulps == 0 ? 0 : double.PositiveInfinity) : ulps / allowed);
                if (ulps > allowed && failed++ < 12)
                {
                    failures.AppendLine(CultureInfo.InvariantCulture, $"  x = {Show(x[i])}: {Show(actual[i])}, reference {Show(expected)}, {ulps:G4} ulps > {allowed:G4} allowed");
                }
            }

            string name = $"{op} {SimdTargets.Describe<TSimd, TVec, T>()}";
            output.WriteLine($"{name}: worst {worst:G4} ulps at x = {Show(worstX)}; worst error/bound {worstRatio:F3} over {x.Length} points");
            Assert.True(failed == 0, $"{name}: {failed} of {x.Length} points outside the bound:\n{failures}");
        }

        private T Reference<TScalar, T>(T x)
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
            => op switch
            {
                UnaryOp.Exp => TScalar.Exp(x),
                UnaryOp.Tanh => TScalar.Tanh(x),
                UnaryOp.Sigmoid => TScalar.Sigmoid(x),
                // The scalar softplus loses e^{−|x|}'s digits for x < 0 (see ScalarReferenceGapTests).
                UnaryOp.Softplus => T.CreateTruncating(Tolerance.SoftplusOracle(double.CreateTruncating(x))),
                UnaryOp.Relu => TScalar.Relu(x),
                _ => TScalar.Step(x),
            };
    }

    /// <summary>
    /// tanh(−x) = −tanh(x) exactly: the template works on |x| and copies the sign back, so this holds bit
    /// for bit on every ISA (±0 included). |tanh x| ≤ 1 everywhere, and ±1 at ±∞ and ±1e4.
    /// </summary>
    private readonly struct TanhShapeCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] x = SimdInputs.Unary<T>();
            T[] positive = SimdInputs.Map<TSimd, TVec, T>(x, TSimd.Tanh);
            T[] negative = SimdInputs.Map<TSimd, TVec, T>([.. x.Select(v => -v)], TSimd.Tanh);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(negative[i] == -positive[i] && T.IsNegative(negative[i]) != T.IsNegative(positive[i]), $"tanh(−{Show(x[i])}) = {Show(negative[i])} but tanh({Show(x[i])}) = {Show(positive[i])}");
                Assert.True(T.Abs(positive[i]) <= T.One, $"|tanh({Show(x[i])})| = {Show(positive[i])} > 1");
                Assert.True(T.Sign(positive[i]) == T.Sign(x[i]), $"tanh({Show(x[i])}) = {Show(positive[i])} has the wrong sign");
            }

            T[] limits = SimdInputs.Map<TSimd, TVec, T>([T.PositiveInfinity, T.NegativeInfinity, T.CreateTruncating(1e4), T.CreateTruncating(-1e4)], TSimd.Tanh);
            Assert.Equal([T.One, -T.One, T.One, -T.One], limits);
        }
    }

    /// <summary>
    /// σ(x) + σ(−x) = 1 within 2ε: the template computes σ(|x|) = r = 1/(1 + e) and σ(−|x|) = e·r from the
    /// same e, so the sum is r·(1 + e) up to the roundings of 1 + e, the division and e·r (each ≤ ε/2 relative),
    /// whatever exp's own error. Also 0 ≤ σ ≤ 1, σ(0) = ½ and σ(±∞) = 1, 0.
    /// </summary>
    private readonly struct SigmoidSymmetryCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] x = SimdInputs.Unary<T>();
            T[] positive = SimdInputs.Map<TSimd, TVec, T>(x, TSimd.Sigmoid);
            T[] negative = SimdInputs.Map<TSimd, TVec, T>([.. x.Select(v => -v)], TSimd.Sigmoid);
            double bound = 2 * Ulp.MachineEpsilon<T>();
            for (int i = 0; i < x.Length; i++)
            {
                double sum = double.CreateTruncating(positive[i]) + double.CreateTruncating(negative[i]);
                Assert.True(Math.Abs(sum - 1) <= bound, $"σ({Show(x[i])}) + σ(−{Show(x[i])}) = {sum:R}");
                Assert.True(positive[i] >= T.Zero && positive[i] <= T.One, $"σ({Show(x[i])}) = {Show(positive[i])} outside [0, 1]");
            }

            T[] limits = SimdInputs.Map<TSimd, TVec, T>([T.Zero, T.NegativeZero, T.PositiveInfinity, T.NegativeInfinity], TSimd.Sigmoid);
            Assert.Equal([T.CreateTruncating(0.5), T.CreateTruncating(0.5), T.One, T.Zero], limits);
        }
    }

    /// <summary>
    /// softplus(x) − softplus(−x) = x within 2 ulp(softplus(|x|)): both share log1p(e^{−|x|}) = L bit for bit
    /// (same |x|), so the difference is fl(|x| + L) − L, two roundings of at most ½ ulp(softplus(|x|)) each.
    /// </summary>
    private readonly struct SoftplusIdentityCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] x = SimdInputs.Unary<T>();
            T[] positive = SimdInputs.Map<TSimd, TVec, T>(x, TSimd.Softplus);
            T[] negative = SimdInputs.Map<TSimd, TVec, T>([.. x.Select(v => -v)], TSimd.Softplus);
            for (int i = 0; i < x.Length; i++)
            {
                T difference = positive[i] - negative[i];
                if (!T.IsFinite(x[i]))
                {
                    Assert.Equal(x[i], difference);
                    continue;
                }

                double bound = 2 * Ulp.Of(T.Max(positive[i], negative[i]));
                Assert.True(Math.Abs(double.CreateTruncating(difference) - double.CreateTruncating(x[i])) <= bound, $"softplus({Show(x[i])}) − softplus(−{Show(x[i])}) = {Show(difference)}");
                Assert.True(positive[i] >= T.Zero && positive[i] >= x[i], $"softplus({Show(x[i])}) = {Show(positive[i])} is below max(x, 0)");
            }
        }
    }

    /// <summary>
    /// softplus(x) is finite for every finite x (it never forms e^x) and equals x once e^{−x} is below half an
    /// ulp of x; softplus(−x) is then a tiny non-negative number, 0 at most.
    /// </summary>
    private readonly struct SoftplusOverflowCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] large = [T.CreateTruncating(1e4), T.CreateTruncating(89), T.CreateTruncating(710), T.CreateTruncating(1e6), SimdInputs.LargestFinite<T>(), T.CreateTruncating(746)];
            T[] up = SimdInputs.Map<TSimd, TVec, T>(large, TSimd.Softplus);
            T[] down = SimdInputs.Map<TSimd, TVec, T>([.. large.Select(v => -v)], TSimd.Softplus);
            for (int i = 0; i < large.Length; i++)
            {
                Assert.True(T.IsFinite(up[i]), $"softplus({Show(large[i])}) = {Show(up[i])}");
                Assert.Equal(large[i], up[i]);
                Assert.True(T.IsFinite(down[i]) && down[i] >= T.Zero && down[i] < T.CreateTruncating(1e-38), $"softplus(−{Show(large[i])}) = {Show(down[i])}");
            }
        }
    }

    /// <summary>
    /// A NaN lane gives NaN in every transcendental (log and log1p of x², to stay in their domains) and in Relu (Vector.Max propagates NaN since .NET 9),
    /// and leaves the other lanes alone; Step(NaN) is 0 (NaN &gt; 0 is false), as in the scalar code.
    /// The scalar reference agrees except for Relu (see ScalarReferenceGapTests).
    /// </summary>
    private readonly struct NaNCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            T[] x = SimdInputs.WithNaN<T>();
            (string Name, Func<TVec, TVec> Vector, Func<T, T>? Scalar)[] ops =
            [
                ("Exp", TSimd.Exp, TScalar.Exp),
                // Of x², so that only the NaN lanes are outside the domains of log and log1p.
                ("Log", v => TSimd.Log(TSimd.Multiply(v, v)), v => TScalar.Log(v * v)),
                ("Log1P", v => TSimd.Log1P(TSimd.Multiply(v, v)), v => TScalar.Log1P(v * v)),
                ("Tanh", TSimd.Tanh, TScalar.Tanh),
                ("Sigmoid", TSimd.Sigmoid, TScalar.Sigmoid),
                ("Softplus", TSimd.Softplus, TScalar.Softplus),
                ("Relu", TSimd.Relu, null),
            ];
            foreach ((string name, Func<TVec, TVec> vector, Func<T, T>? scalar) in ops)
            {
                T[] y = SimdInputs.Map<TSimd, TVec, T>(x, vector);
                for (int i = 0; i < x.Length; i++)
                {
                    Assert.True(T.IsNaN(x[i]) == T.IsNaN(y[i]), $"{name}({Show(x[i])}) = {Show(y[i])} at lane {i % TSimd.Count}");
                    if (scalar is not null)
                    {
                        Assert.True(T.IsNaN(scalar(x[i])) == T.IsNaN(y[i]), $"{name}({Show(x[i])}): scalar {Show(scalar(x[i]))}, vector {Show(y[i])}");
                    }
                }
            }

            T[] step = SimdInputs.Map<TSimd, TVec, T>(x, TSimd.Step);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.Equal(TScalar.Step(x[i]), step[i]);
            }

            T[] fma = SimdInputs.Map<TSimd, TVec, T>(x, v => TSimd.MultiplyAdd(v, TSimd.Broadcast(T.One), TSimd.Zero));
            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(T.IsNaN(x[i]) == T.IsNaN(fma[i]), $"MultiplyAdd({Show(x[i])}, 1, 0) = {Show(fma[i])}");
            }
        }
    }

    /// <summary>
    /// Sum of known lanes: small integers and powers of two add exactly in any order; ±∞ and NaN lanes
    /// dominate; arbitrary lanes are within (Count − 1)·ε·Σ|xᵢ| of the exact sum in any summation order
    /// (doubled: the "exact" sum is itself accumulated in double).
    /// </summary>
    private readonly struct SumCheck : ISimdCheck
    {
        public void Run<TSimd, TVec, TScalar, T>()
            where TSimd : struct, ISimd<TVec, T>
            where TVec : struct
            where TScalar : struct, ISimd<T, T>
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = TSimd.Count;
            T[] Lanes(Func<int, T> lane) => [.. Enumerable.Range(0, n).Select(lane)];
            T Sum(T[] lanes) => TSimd.Sum(SimdInputs.Vector<TSimd, TVec, T>(lanes));

            Assert.Equal(T.CreateTruncating(n * (n + 1) / 2), Sum(Lanes(i => T.CreateTruncating(i + 1))));
            Assert.Equal(T.CreateTruncating(2 - Math.Pow(2, 1 - n)), Sum(Lanes(i => T.CreateTruncating(Math.Pow(2, -i)))));
            Assert.Equal(T.Zero, Sum(Lanes(_ => T.Zero)));
            Assert.Equal(T.CreateTruncating(-3 * n), Sum(Lanes(_ => T.CreateTruncating(-3))));

            for (int k = 0; k < n; k++)
            {
                Assert.Equal(T.CreateTruncating(k + 1), Sum(Lanes(i => i == k ? T.CreateTruncating(k + 1) : T.Zero)));
                Assert.Equal(T.PositiveInfinity, Sum(Lanes(i => i == k ? T.PositiveInfinity : T.One)));
                Assert.True(T.IsNaN(Sum(Lanes(i => i == k ? T.NaN : T.One))), $"NaN in lane {k} was lost");
                Assert.True(T.IsNaN(Sum(Lanes(i => i == k ? T.PositiveInfinity : i == (k + 1) % n ? T.NegativeInfinity : T.Zero))), $"∞ − ∞ (lanes {k}, {(k + 1) % n}) is not NaN");
            }

            var rng = new ModelGen.Random.Rng(42);
            double epsilon = Ulp.MachineEpsilon<T>();
            for (int trial = 0; trial < 200; trial++)
            {
                T[] lanes = Lanes(_ => T.CreateTruncating(rng.NextNormal() * Math.Pow(10, rng.NextInt(7) - 3)));
                double exact = lanes.Sum(double.CreateTruncating);
                double magnitude = lanes.Sum(v => Math.Abs(double.CreateTruncating(v)));
                double actual = double.CreateTruncating(Sum(lanes));
                Assert.True(Math.Abs(actual - exact) <= 2 * (n - 1) * epsilon * magnitude, $"Sum = {actual:R}, exact {exact:R}");
            }
        }
    }
}

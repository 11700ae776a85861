using System.Numerics;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Runtime.Tests.Simd;

namespace ModelGen.Runtime.Tests.Inference;

public class MeanFieldTests
{
    // Lengths below, at and around every register width (4, 8, 16 floats; 2, 4, 8 doubles) and the seed's 40.
    public static TheoryData<int> Lengths => new() { 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 40, 41, 100 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Scales_AreWithinTheOperatorBounds_Single(int length) => WithinBounds<float>(length);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Scales_AreWithinTheOperatorBounds_Double(int length) => WithinBounds<double>(length);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Scales_TailMatchesWholeRegisters_Single(int length) => TailMatchesWholeRegisters<float>(length);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Scales_TailMatchesWholeRegisters_Double(int length) => TailMatchesWholeRegisters<double>(length);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FusedPasses_EqualTheSeparateOnes_Single(int length) => FusedEqualsSeparate<float>(length);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FusedPasses_EqualTheSeparateOnes_Double(int length) => FusedEqualsSeparate<double>(length);

    // The step's fused passes run the same lane-wise operations as Scales followed by θ = σ ε + μ and ∇ρ = (g ε) σ′ + σ′/σ
    // in T arithmetic (each rounded once, IEEE): they must agree bit for bit, in the vector body, the overlapped last
    // register and the scalar lengths below a register.
    private static void FusedEqualsSeparate<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rho = Rho<T>(length);
        var rng = new Rng(99 + (ulong)length);
        T[] mu = new T[length];
        T[] epsilon = new T[length];
        T[] g = new T[length];
        rng.FillNormal<T>(mu);
        rng.FillNormal<T>(epsilon);
        rng.FillNormal<T>(g);

        T[] sigma = new T[length], slope = new T[length], entropy = new T[length];
        MeanField.Scales<T>(rho, sigma, slope, entropy);

        T[] sigma2 = new T[length], slope2 = new T[length], entropy2 = new T[length], theta = new T[length];
        MeanField.ScalesAndDraw<T>(rho, mu, epsilon, sigma2, slope2, entropy2, theta);
        Assert.Equal(sigma, sigma2);
        Assert.Equal(slope, slope2);
        Assert.Equal(entropy, entropy2);

        T[] gradientRho = new T[length];
        MeanField.ScaleGradient<T>(g, epsilon, slope, entropy, gradientRho);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal((sigma[i] * epsilon[i]) + mu[i], theta[i]);
            Assert.Equal((g[i] * epsilon[i] * slope[i]) + entropy[i], gradientRho[i]);
        }
    }

    // ρ spread over [−20, 20] (σ from 2e-9 to 20, both branches of softplus and sigmoid), seeded.
    private static T[] Rho<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(17 + (ulong)length);
        var rho = new T[length];
        for (int i = 0; i < length; i++)
        {
            rho[i] = T.CreateTruncating((rng.NextDouble() * 40) - 20);
        }

        return rho;
    }

    // σ against the softplus oracle, σ′ against the sigmoid in double, σ′/σ against their ratio in double: the
    // operator bounds of Tolerance (the ratio carries both relative errors and one more rounding).
    private static void WithinBounds<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rho = Rho<T>(length);
        var sigma = new T[length];
        var slope = new T[length];
        var entropy = new T[length];
        MeanField.Scales<T>(rho, sigma, slope, entropy);
        for (int i = 0; i < length; i++)
        {
            double x = double.CreateTruncating(rho[i]);
            double s = Tolerance.SoftplusOracle(x);
            double d = 1 / (1 + Math.Exp(-x));
            Assert.True(Ulp.Between(sigma[i], T.CreateTruncating(s)) <= Tolerance.Softplus<T>(), $"σ at ρ = {x}: {sigma[i]} vs {s}");
            Assert.True(Ulp.Between(slope[i], T.CreateTruncating(d)) <= Tolerance.Sigmoid, $"σ′ at ρ = {x}: {slope[i]} vs {d}");
            Assert.True(Ulp.Between(entropy[i], T.CreateTruncating(d / s)) <= Tolerance.Softplus<T>() + Tolerance.Sigmoid + 1, $"σ′/σ at ρ = {x}: {entropy[i]} vs {d / s}");
        }
    }

    // The last, overlapping register recomputes lanes with the same vector arithmetic, so a coordinate's values do
    // not depend on where it sits: bit for bit those of a call over 64 coordinates (whole registers at every width).
    private static void TailMatchesWholeRegisters<T>(int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] rho = Rho<T>(length);
        int whole = Math.Max(64, (length + 63) / 64 * 64);
        var padded = new T[whole];
        rho.CopyTo(padded, 0);
        var (sigma, slope, entropy) = (new T[length], new T[length], new T[length]);
        var (sigmaWhole, slopeWhole, entropyWhole) = (new T[whole], new T[whole], new T[whole]);
        MeanField.Scales<T>(rho, sigma, slope, entropy);
        MeanField.Scales<T>(padded, sigmaWhole, slopeWhole, entropyWhole);
        int bytes = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int widest = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 64 / bytes
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 32 / bytes
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? 16 / bytes
            : 1;
        if (length < widest)
        {
            // Shorter than the widest register: the scalar formulas, checked against the bounds above instead.
            return;
        }

        Assert.Equal(sigmaWhole[..length], sigma);
        Assert.Equal(slopeWhole[..length], slope);
        Assert.Equal(entropyWhole[..length], entropy);
    }
}

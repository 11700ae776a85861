using ModelGen.Random;

namespace ModelGen.Runtime.Tests.Random;

/// <summary>
/// Whole-distribution checks for the samplers whose shape the moment tests cannot pin down: Pearson's χ² on
/// the probability mass functions (Poisson and Binomial on both sides of the inversion/rejection switch,
/// Categorical), and one-sample Kolmogorov–Smirnov against closed-form CDFs (Gamma and Beta with shapes below
/// 1, and the inversion samplers). n = 100,000 draws from fixed seeds.
/// </summary>
/// <remarks>
/// Every test here is at α = 0.001 (the χ² critical values are the exact upper 0.1% points, tabulated in
/// <see cref="SampleStatistics.ChiSquareCritical999"/>; the KS value is the asymptotic √(−ln(α/2)/2)/√n). With
/// 20 such tests a correct set of samplers would fail one with probability about 2% for a random seed; the seeds
/// are fixed, so a pass is a pass on every run on a given machine, and a sampler with a wrong constant in its
/// rejection step (which bends the pmf by a few percent somewhere) fails by a wide margin.
/// </remarks>
public sealed class SampleFitTests
{
    private const int Draws = 100_000;

    // The χ² tests of the discrete samplers draw 10⁶: a draw costs tens of nanoseconds, and the power to see a
    // small bend in a rejection sampler's output (a squeeze constant off by a few percent) grows with n.
    private const int DiscreteDraws = 1_000_000;

    [Theory]
    [InlineData(0.3)] // inversion
    [InlineData(3.0)] // inversion
    [InlineData(10.0)] // PTRS at its lower limit, where its squeeze is least tight
    [InlineData(27.5)] // PTRS
    public void Poisson_PmfFits(double lambda)
    {
        long[] counts = Count(DiscreteDraws, 31, (ref Rng r) => Sample.Poisson(ref r, lambda), out int max);
        // pmf by log: −λ + k log λ − log k!, with log k! summed exactly enough for k ≤ a few hundred.
        var probabilities = new double[max + 2];
        double logFactorial = 0;
        double cumulative = 0;
        for (int k = 0; k <= max; k++)
        {
            logFactorial += k == 0 ? 0 : Math.Log(k);
            probabilities[k] = Math.Exp(-lambda + (k * Math.Log(lambda)) - logFactorial);
            cumulative += probabilities[k];
        }

        probabilities[max + 1] = Math.Max(0, 1 - cumulative);
        SampleStatistics.AssertChiSquareFit([.. counts, 0], probabilities, $"Poisson({lambda})");
    }

    [Theory]
    [InlineData(20, 0.3)] // inversion
    [InlineData(40, 0.35)] // BTRS (n·p = 14)
    [InlineData(100, 0.75)] // BTRS, reflected
    [InlineData(30, 0.8)] // inversion, reflected (n·q = 6)
    [InlineData(29, 0.5)] // BTRS at p = ½
    public void Binomial_PmfFits(int n, double p)
    {
        long[] counts = Count(DiscreteDraws, 32, (ref Rng r) => Sample.Binomial(ref r, n, p), out int max);
        Assert.True(max <= n);
        var probabilities = new double[n + 1];
        double logChoose = 0;
        for (int k = 0; k <= n; k++)
        {
            logChoose += k == 0 ? 0 : Math.Log(n - k + 1) - Math.Log(k);
            probabilities[k] = Math.Exp(logChoose + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p)));
        }

        var all = new long[n + 1];
        counts.CopyTo(all, 0);
        SampleStatistics.AssertChiSquareFit(all, probabilities, $"Binomial({n}, {p})");
    }

    [Fact]
    public void Categorical_FrequenciesFit_WithLargeLogitsAndAZeroCategory()
    {
        // Probabilities 0.1, 0.2, 0, 0.3, 0.4, shifted by +1000 (exp would overflow without the max shift).
        double[] logits = [1000 + Math.Log(0.1), 1000 + Math.Log(0.2), double.NegativeInfinity, 1000 + Math.Log(0.3), 1000 + Math.Log(0.4)];
        long[] counts = Count(DiscreteDraws, 33, (ref Rng r) => Sample.Categorical(ref r, logits), out _);
        Assert.Equal(0, counts[2]);
        SampleStatistics.AssertChiSquareFit([counts[0], counts[1], counts[3], counts[4]], [0.1, 0.2, 0.3, 0.4], "Categorical");
    }

    [Fact]
    public void Categorical_EqualVeryNegativeLogits_AreUniform()
    {
        double[] logits = [-1e300, -1e300, -1e300];
        long[] counts = Count(DiscreteDraws, 34, (ref Rng r) => Sample.Categorical(ref r, logits), out _);
        SampleStatistics.AssertChiSquareFit(counts, [1.0 / 3, 1.0 / 3, 1.0 / 3], "Categorical uniform");
    }

    [Fact]
    public void Gamma_ShapeHalf_FitsCdf()
    {
        // Gamma(½, β) is Z²/(2β): F(x) = erf(√(βx)) = 2Φ(√(2βx)) − 1. Shape ½ takes the α < 1 boost.
        const double beta = 2;
        double[] x = SampleMomentTests.Draw(35, (ref Rng r) => Sample.Gamma(ref r, 0.5, beta));
        SampleStatistics.AssertKolmogorovSmirnov(x, v => (2 * SampleStatistics.NormalCdf(Math.Sqrt(2 * beta * v))) - 1, "Gamma(0.5, 2)");
    }

    [Fact]
    public void Beta_ShapesHalf_FitsArcsineCdf()
    {
        // Beta(½, ½) is the arcsine law: F(x) = (2/π)·asin(√x).
        double[] x = SampleMomentTests.Draw(36, (ref Rng r) => Sample.Beta(ref r, 0.5, 0.5));
        SampleStatistics.AssertKolmogorovSmirnov(x, v => 2 / Math.PI * Math.Asin(Math.Sqrt(v)), "Beta(0.5, 0.5)");
    }

    [Fact]
    public void Beta_ShapeBelowOne_FitsCdf()
    {
        // Beta(a, 1) has F(x) = xᵃ; a = 0.3.
        double[] x = SampleMomentTests.Draw(37, (ref Rng r) => Sample.Beta(ref r, 0.3, 1));
        SampleStatistics.AssertKolmogorovSmirnov(x, v => Math.Pow(v, 0.3), "Beta(0.3, 1)");
    }

    [Fact]
    public void Normal_FitsCdf()
    {
        double[] x = SampleMomentTests.Draw(38, (ref Rng r) => Sample.Normal(ref r, 2, 3));
        SampleStatistics.AssertKolmogorovSmirnov(x, v => SampleStatistics.NormalCdf((v - 2) / 3), "Normal(2, 3)");
    }

    [Fact]
    public void Exponential_FitsCdf()
    {
        double[] x = SampleMomentTests.Draw(39, (ref Rng r) => Sample.Exponential(ref r, 1.5));
        SampleStatistics.AssertKolmogorovSmirnov(x, v => 1 - Math.Exp(-1.5 * v), "Exponential(1.5)");
    }

    [Fact]
    public void Laplace_FitsCdf()
    {
        double[] x = SampleMomentTests.Draw(40, (ref Rng r) => Sample.Laplace(ref r, 1, 2));
        SampleStatistics.AssertKolmogorovSmirnov(x, v => v < 1 ? 0.5 * Math.Exp((v - 1) / 2) : 1 - (0.5 * Math.Exp(-(v - 1) / 2)), "Laplace(1, 2)");
    }

    [Fact]
    public void Cauchy_FitsCdf()
    {
        double[] x = SampleMomentTests.Draw(41, (ref Rng r) => Sample.Cauchy(ref r, -1, 0.5));
        SampleStatistics.AssertKolmogorovSmirnov(x, v => 0.5 + (Math.Atan((v + 1) / 0.5) / Math.PI), "Cauchy(-1, 0.5)");
    }

    [Fact]
    public void StudentT_Nu2_FitsCdf()
    {
        // F(t) = ½ + t/(2√(t² + 2)) for the standard t₂.
        double[] x = SampleMomentTests.Draw(42, (ref Rng r) => Sample.StudentT(ref r, 2, 0, 1));
        SampleStatistics.AssertKolmogorovSmirnov(x, t => 0.5 + (t / (2 * Math.Sqrt((t * t) + 2))), "StudentT(2)");
    }

    [Fact]
    public void Uniform_FitsCdf()
    {
        double[] x = SampleMomentTests.Draw(43, (ref Rng r) => Sample.Uniform(ref r, -2, 3));
        SampleStatistics.AssertKolmogorovSmirnov(x, v => (v + 2) / 5, "Uniform(-2, 3)");
    }

    /// <summary>Counts of each value among <paramref name="draws"/> draws; <paramref name="max"/> is the largest drawn.</summary>
    private static long[] Count(int draws, ulong seed, Sampler sampler, out int max)
    {
        double[] x = SampleMomentTests.Draw(seed, sampler, draws);
        max = (int)x.Max();
        var counts = new long[max + 1];
        foreach (double v in x)
        {
            Assert.True(v >= 0 && v == Math.Floor(v), $"{v} is not a count");
            counts[(int)v]++;
        }

        return counts;
    }
}

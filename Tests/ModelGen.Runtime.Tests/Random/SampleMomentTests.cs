using ModelGen.Random;

namespace ModelGen.Runtime.Tests.Random;

/// <summary>Draws one double from a generator; the samplers under test, with their parameters bound.</summary>
internal delegate double Sampler(ref Rng rng);

/// <summary>
/// Every <see cref="Sample"/> method: sample mean and variance of n = 100,000 draws from a fixed seed against
/// the distribution's, within <see cref="SampleStatistics.StandardErrors"/> standard errors (see
/// <see cref="SampleStatistics.AssertMeanAndVariance"/> for the standard errors, which use the fourth central
/// moment). Where the variance (or the mean) does not exist, the median and quartiles instead, each as the
/// fraction of draws below the exact quantile, with binomial standard errors
/// (<see cref="SampleStatistics.AssertQuantile"/>).
/// </summary>
/// <remarks>
/// Each comparison is a two-sided test at p ≈ 5.7e-7 (5 standard errors of a near-normal statistic). This file
/// makes 99 of them, so correct samplers would fail one with probability below 6e-5 for a random seed; the
/// seeds are fixed, so the outcome is the same on every run on a given machine. A wrong constant in a sampler
/// (a rate read as a scale, a missing 1/3 in Marsaglia–Tsang) moves a moment by far more than 5 standard errors.
/// </remarks>
public sealed class SampleMomentTests
{
    private const int Draws = 100_000;

    internal static double[] Draw(ulong seed, Sampler sampler, int count = Draws)
    {
        var rng = new Rng(seed);
        var sample = new double[count];
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = sampler(ref rng);
        }

        return sample;
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-3.5, 0.25)]
    [InlineData(1e6, 1e3)]
    public void Normal_MeanAndVariance(double mu, double sigma)
    {
        double[] x = Draw(1, (ref Rng r) => Sample.Normal(ref r, mu, sigma));
        SampleStatistics.AssertMeanAndVariance(x, mu, sigma * sigma, 3 * Math.Pow(sigma, 4), "Normal");
    }

    [Fact]
    public void HalfNormal_MeanAndVariance()
    {
        const double sigma = 2.5;
        // E|Z|ᵏ for k = 1…4: √(2/π), 1, 2√(2/π), 3.
        double c = Math.Sqrt(2 / Math.PI);
        double[] x = Draw(2, (ref Rng r) => Sample.HalfNormal(ref r, sigma));
        Assert.All(x, v => Assert.True(v >= 0));
        AssertRaw(x, sigma * c, sigma * sigma, Math.Pow(sigma, 3) * 2 * c, 3 * Math.Pow(sigma, 4), "HalfNormal");
    }

    [Fact]
    public void StudentT_Nu10_MeanAndVariance()
    {
        // ν = 10: variance σ²ν/(ν − 2), μ₄ = 3σ⁴ν²/((ν − 2)(ν − 4)); the 8th moment exists too, so the sample variance is near normal.
        const double nu = 10, mu = 1.5, sigma = 0.5;
        double[] x = Draw(3, (ref Rng r) => Sample.StudentT(ref r, nu, mu, sigma));
        SampleStatistics.AssertMeanAndVariance(x, mu, sigma * sigma * nu / (nu - 2), 3 * Math.Pow(sigma, 4) * nu * nu / ((nu - 2) * (nu - 4)), "StudentT(10)");
    }

    [Fact]
    public void StudentT_Nu1_IsCauchy_Quartiles()
    {
        // t with one degree of freedom is Cauchy(μ, σ): quartiles μ ± σ.
        const double mu = -1, sigma = 0.5;
        double[] x = Draw(4, (ref Rng r) => Sample.StudentT(ref r, 1, mu, sigma));
        AssertQuartiles(x, mu - sigma, mu, mu + sigma, "StudentT(1)");
    }

    [Fact]
    public void StudentT_Nu2_Quartiles()
    {
        // ν = 2 (no variance): F(t) = ½ + t/(2√(t² + 2)), so the quartiles are ±√(2/3).
        const double mu = 0.5, sigma = 2;
        double q = Math.Sqrt(2.0 / 3.0);
        double[] x = Draw(5, (ref Rng r) => Sample.StudentT(ref r, 2, mu, sigma));
        AssertQuartiles(x, mu - (sigma * q), mu, mu + (sigma * q), "StudentT(2)");
    }

    [Fact]
    public void StudentT_TinyNu_IsSymmetricAndNeverNaN()
    {
        // ν = 0.05: χ²(ν)/ν is below 1e-300 for a sizeable fraction of draws; the log-space gamma keeps T = ±huge or ±∞, never NaN.
        const double mu = 3;
        double[] x = Draw(6, (ref Rng r) => Sample.StudentT(ref r, 0.05, mu, 1));
        Assert.DoesNotContain(x, double.IsNaN);
        SampleStatistics.AssertQuantile(x, mu, 0.5, "StudentT(0.05) median");
    }

    [Fact]
    public void HalfStudentT_Nu2_Quartiles()
    {
        // |T| for ν = 2 has P(|T| ≤ x) = x/√(x² + 2): quartiles √(2/15), √(2/3), √(18/7).
        const double sigma = 3;
        double[] x = Draw(7, (ref Rng r) => Sample.HalfStudentT(ref r, 2, sigma));
        Assert.All(x, v => Assert.True(v >= 0));
        AssertQuartiles(x, sigma * Math.Sqrt(2.0 / 15), sigma * Math.Sqrt(2.0 / 3), sigma * Math.Sqrt(18.0 / 7), "HalfStudentT(2)");
    }

    [Fact]
    public void Cauchy_Quartiles()
    {
        const double alpha = 1, beta = 2;
        double[] x = Draw(8, (ref Rng r) => Sample.Cauchy(ref r, alpha, beta));
        AssertQuartiles(x, alpha - beta, alpha, alpha + beta, "Cauchy");
    }

    [Fact]
    public void HalfCauchy_Quartiles()
    {
        // P(X ≤ x) = (2/π)·atan(x/β): quartiles β·tan(π/8), β, β·tan(3π/8).
        const double beta = 3;
        double[] x = Draw(9, (ref Rng r) => Sample.HalfCauchy(ref r, beta));
        Assert.All(x, v => Assert.True(v >= 0));
        AssertQuartiles(x, beta * Math.Tan(Math.PI / 8), beta, beta * Math.Tan(3 * Math.PI / 8), "HalfCauchy");
    }

    [Fact]
    public void Laplace_MeanAndVariance()
    {
        // Variance 2b², μ₄ = 24b⁴.
        const double mu = -2, b = 1.5;
        double[] x = Draw(10, (ref Rng r) => Sample.Laplace(ref r, mu, b));
        SampleStatistics.AssertMeanAndVariance(x, mu, 2 * b * b, 24 * Math.Pow(b, 4), "Laplace");
    }

    [Fact]
    public void Exponential_MeanAndVariance()
    {
        // Raw moments k!/λᵏ.
        const double lambda = 2.5;
        double[] x = Draw(11, (ref Rng r) => Sample.Exponential(ref r, lambda));
        AssertRaw(x, 1 / lambda, 2 / Math.Pow(lambda, 2), 6 / Math.Pow(lambda, 3), 24 / Math.Pow(lambda, 4), "Exponential");
    }

    [Theory]
    [InlineData(2.5, 0.5)]
    [InlineData(1.0, 3.0)]
    [InlineData(0.3, 2.0)]
    [InlineData(0.05, 1.0)]
    [InlineData(150.0, 10.0)]
    public void Gamma_MeanAndVariance(double alpha, double beta)
    {
        // Raw moments α(α+1)…(α+k−1)/βᵏ; rate β. α < 1 exercises the boost.
        double[] x = Draw(12, (ref Rng r) => Sample.Gamma(ref r, alpha, beta));
        AssertRaw(x, k => Rising(alpha, k) / Math.Pow(beta, k), $"Gamma({alpha}, {beta})");
    }

    [Theory]
    [InlineData(10.0, 3.0)]
    [InlineData(12.0, 0.5)]
    public void InverseGamma_MeanAndVariance(double alpha, double beta)
    {
        // Raw moments βᵏ/((α−1)…(α−k)), finite for α > k; α ≥ 10 also keeps the 8th moment, so the sample variance is near normal.
        double[] x = Draw(13, (ref Rng r) => Sample.InverseGamma(ref r, alpha, beta));
        AssertRaw(x, k => Math.Pow(beta, k) / Falling(alpha - 1, k), $"InverseGamma({alpha}, {beta})");
    }

    [Fact]
    public void InverseGamma_SmallShape_NeverNaN()
    {
        double[] x = Draw(14, (ref Rng r) => Sample.InverseGamma(ref r, 0.01, 1));
        Assert.All(x, v => Assert.True(v > 0, $"{v}"));
    }

    [Fact]
    public void LogNormal_MeanAndVariance()
    {
        // Raw moments exp(kμ + k²σ²/2).
        const double mu = 0.3, sigma = 0.4;
        double[] x = Draw(15, (ref Rng r) => Sample.LogNormal(ref r, mu, sigma));
        AssertRaw(x, k => Math.Exp((k * mu) + (k * k * sigma * sigma / 2)), "LogNormal");
    }

    [Theory]
    [InlineData(2.0, 5.0)]
    [InlineData(0.5, 0.5)]
    [InlineData(0.2, 3.0)]
    [InlineData(0.001, 1.0)]
    [InlineData(40.0, 0.01)]
    public void Beta_MeanAndVariance(double a, double b)
    {
        // Raw moments Π_{j<k} (a + j)/(a + b + j). Beta(0.001, 1) has mean ≈ 0.001 while Gamma(0.001) draws underflow to 0
        // about 99.9% of the time: only the log-space ratio gets it right.
        double[] x = Draw(16, (ref Rng r) => Sample.Beta(ref r, a, b));
        Assert.All(x, v => Assert.True(v >= 0 && v <= 1, $"{v}"));
        AssertRaw(x, k => Rising(a, k) / Rising(a + b, k), $"Beta({a}, {b})");
    }

    [Fact]
    public void Beta_TinyShapes_SplitEvenlyAndNeverNaN()
    {
        // Beta(0.01, 0.01) is symmetric with almost all mass within 1e-40 of 0 or 1: P(X ≤ ½) = ½.
        double[] x = Draw(17, (ref Rng r) => Sample.Beta(ref r, 0.01, 0.01));
        Assert.All(x, v => Assert.True(v >= 0 && v <= 1, $"{v}"));
        SampleStatistics.AssertQuantile(x, 0.5, 0.5, "Beta(0.01, 0.01)");
    }

    [Fact]
    public void Uniform_MeanAndVariance()
    {
        // Raw moments (uᵏ⁺¹ − lᵏ⁺¹)/((k + 1)(u − l)).
        const double lower = -2, upper = 3;
        double[] x = Draw(18, (ref Rng r) => Sample.Uniform(ref r, lower, upper));
        Assert.All(x, v => Assert.True(v >= lower && v < upper));
        AssertRaw(x, k => (Math.Pow(upper, k + 1) - Math.Pow(lower, k + 1)) / ((k + 1) * (upper - lower)), "Uniform");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.999)]
    public void Bernoulli_MeanAndVariance(double p)
    {
        // Every raw moment of a 0/1 variable is p.
        double[] x = Draw(19, (ref Rng r) => Sample.Bernoulli(ref r, p));
        AssertRaw(x, _ => p, $"Bernoulli({p})");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    [InlineData(-4.0)]
    public void BernoulliLogit_MeanAndVariance(double logit)
    {
        double p = 1 / (1 + Math.Exp(-logit));
        double[] x = Draw(20, (ref Rng r) => Sample.BernoulliLogit(ref r, logit));
        AssertRaw(x, _ => p, $"BernoulliLogit({logit})");
    }

    [Fact]
    public void BernoulliLogit_ExtremeLogits_AreAlmostSure()
    {
        // P(1) = 1 − 9.4e-14 at logit 30 (so one 0 in 10⁵ draws has probability 1e-8) and exactly 1 at +∞.
        Assert.All(Draw(21, (ref Rng r) => Sample.BernoulliLogit(ref r, 30)), v => Assert.Equal(1, v));
        Assert.All(Draw(22, (ref Rng r) => Sample.BernoulliLogit(ref r, -30)), v => Assert.Equal(0, v));
        Assert.All(Draw(23, (ref Rng r) => Sample.BernoulliLogit(ref r, double.PositiveInfinity), 1000), v => Assert.Equal(1, v));
        Assert.All(Draw(24, (ref Rng r) => Sample.BernoulliLogit(ref r, double.NegativeInfinity), 1000), v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData(20, 0.3)] // inversion
    [InlineData(50, 0.97)] // inversion, reflected
    [InlineData(1000, 0.4)] // BTRS
    [InlineData(1000, 0.9)] // BTRS, reflected
    [InlineData(2_000_000_000, 0.5)] // BTRS at the top of int
    [InlineData(1_000_000_000, 3e-9)] // inversion, n·p = 3
    public void Binomial_MeanAndVariance(int n, double p)
    {
        // Mean np, variance npq, μ₄ = npq(1 + 3(n − 2)pq).
        double q = 1 - p;
        double[] x = Draw(25, (ref Rng r) => Sample.Binomial(ref r, n, p));
        Assert.All(x, v => Assert.True(v >= 0 && v <= n));
        SampleStatistics.AssertMeanAndVariance(x, n * p, n * p * q, n * p * q * (1 + (3.0 * (n - 2) * p * q)), $"Binomial({n}, {p})");
    }

    [Theory]
    [InlineData(0.7)] // inversion
    [InlineData(9.5)] // inversion, at its limit
    [InlineData(10.0)] // PTRS, at its limit
    [InlineData(250.0)] // PTRS
    [InlineData(1e9)] // PTRS, near MaxPoissonRate
    public void Poisson_MeanAndVariance(double lambda)
    {
        // Mean and variance λ, μ₄ = λ(1 + 3λ).
        double[] x = Draw(26, (ref Rng r) => Sample.Poisson(ref r, lambda));
        SampleStatistics.AssertMeanAndVariance(x, lambda, lambda, lambda * (1 + (3 * lambda)), $"Poisson({lambda})");
    }

    [Theory]
    [InlineData(5.0, 2.0)]
    [InlineData(200.0, 0.5)]
    [InlineData(3.0, 1000.0)]
    [InlineData(0.2, 0.1)]
    public void NegativeBinomial_MeanAndVariance(double mu, double phi)
    {
        // With m = μ/φ the cumulants are κ₂ = μ(1 + m) and κ₄ = κ₂(1 + 6m(1 + m)); μ₄ = κ₄ + 3κ₂².
        double m = mu / phi;
        double variance = mu * (1 + m);
        double fourth = (variance * (1 + (6 * m * (1 + m)))) + (3 * variance * variance);
        double[] x = Draw(27, (ref Rng r) => Sample.NegativeBinomial(ref r, mu, phi));
        SampleStatistics.AssertMeanAndVariance(x, mu, variance, fourth, $"NegativeBinomial({mu}, {phi})");
    }

    private static void AssertQuartiles(ReadOnlySpan<double> x, double first, double median, double third, string what)
    {
        SampleStatistics.AssertQuantile(x, first, 0.25, what);
        SampleStatistics.AssertQuantile(x, median, 0.5, what);
        SampleStatistics.AssertQuantile(x, third, 0.75, what);
    }

    private static void AssertRaw(ReadOnlySpan<double> x, double m1, double m2, double m3, double m4, string what)
    {
        (double mean, double variance, double fourth) = SampleStatistics.FromRawMoments(m1, m2, m3, m4);
        SampleStatistics.AssertMeanAndVariance(x, mean, variance, fourth, what);
    }

    private static void AssertRaw(ReadOnlySpan<double> x, Func<int, double> rawMoment, string what)
        => AssertRaw(x, rawMoment(1), rawMoment(2), rawMoment(3), rawMoment(4), what);

    // a(a + 1)…(a + k − 1).
    private static double Rising(double a, int k)
    {
        double product = 1;
        for (int j = 0; j < k; j++)
        {
            product *= a + j;
        }

        return product;
    }

    // a(a − 1)…(a − k + 1).
    private static double Falling(double a, int k)
    {
        double product = 1;
        for (int j = 0; j < k; j++)
        {
            product *= a - j;
        }

        return product;
    }
}

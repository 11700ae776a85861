namespace ModelGen.Runtime.Tests.Random;

/// <summary>
/// Goodness-of-fit checks with bounds derived from the sampling distributions, never tuned to the data.
/// Moments: |statistic − expected| within <see cref="StandardErrors"/> standard errors (two-sided p ≈ 5.7e-7
/// each). Kolmogorov–Smirnov: the asymptotic critical value for α = 0.001.
/// </summary>
internal static class SampleStatistics
{
    /// <summary>How many standard errors a moment may deviate.</summary>
    public const double StandardErrors = 5;

    /// <summary>The Kolmogorov–Smirnov significance level.</summary>
    public const double KsAlpha = 0.001;

    /// <summary>Upper 0.1% points of χ² (standard tables; for 2 degrees of freedom it is −2 ln 0.001).</summary>
    public static double ChiSquareCritical999(int degreesOfFreedom) => degreesOfFreedom switch
    {
        2 => 13.816,
        6 => 22.458,
        _ => throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom)),
    };

    /// <summary>Mean, variance (n − 1 denominator), skewness and excess kurtosis.</summary>
    public static (double Mean, double Variance, double Skewness, double ExcessKurtosis) Moments(ReadOnlySpan<double> x)
    {
        double n = x.Length;
        double mean = 0;
        foreach (double v in x)
        {
            mean += v;
        }

        mean /= n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (double v in x)
        {
            double d = v - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        double variance = m2 / (n - 1);
        double populationVariance = m2 / n;
        double skewness = m3 / n / Math.Pow(populationVariance, 1.5);
        double kurtosis = (m4 / n / (populationVariance * populationVariance)) - 3;
        return (mean, variance, skewness, kurtosis);
    }

    /// <summary>
    /// Asserts that <paramref name="sample"/> looks standard normal. Standard errors for n draws from N(0, 1):
    /// mean 1/√n, sample variance √(2/n), skewness √(6/n), excess kurtosis √(24/n).
    /// </summary>
    public static void AssertStandardNormal(double[] sample)
    {
        int n = sample.Length;
        (double mean, double variance, double skewness, double kurtosis) = Moments(sample);
        AssertWithin(mean, 0, Math.Sqrt(1.0 / n), "mean");
        AssertWithin(variance, 1, Math.Sqrt(2.0 / n), "variance");
        AssertWithin(skewness, 0, Math.Sqrt(6.0 / n), "skewness");
        AssertWithin(kurtosis, 0, Math.Sqrt(24.0 / n), "excess kurtosis");

        double d = KolmogorovSmirnov(sample, NormalCdf);
        double critical = KsCritical(n, KsAlpha);
        Assert.True(d < critical, $"KS statistic {d:G4} ≥ critical {critical:G4} (n = {n}, α = {KsAlpha})");
    }

    /// <summary>Asserts |actual − expected| ≤ <see cref="StandardErrors"/> × <paramref name="standardError"/>.</summary>
    public static void AssertWithin(double actual, double expected, double standardError, string what)
    {
        double bound = StandardErrors * standardError;
        Assert.True(Math.Abs(actual - expected) <= bound, $"{what} = {actual:G6}, expected {expected} ± {bound:G4} ({StandardErrors} standard errors)");
    }

    /// <summary>The one-sample KS statistic sup |F_n − F| of <paramref name="sample"/> (sorted in place).</summary>
    public static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        Array.Sort(sample);
        double n = sample.Length;
        double d = 0;
        for (int i = 0; i < sample.Length; i++)
        {
            double f = cdf(sample[i]);
            d = Math.Max(d, Math.Max(((i + 1) / n) - f, f - (i / n)));
        }

        return d;
    }

    /// <summary>The asymptotic KS critical value √(−ln(α/2) / 2) / √n (accurate for n ≳ 35; used with n ≥ 10^5).</summary>
    public static double KsCritical(int n, double alpha) => Math.Sqrt(-Math.Log(alpha / 2) / 2) / Math.Sqrt(n);

    /// <summary>Φ(x) through Abramowitz and Stegun 7.1.26 (|error| &lt; 1.5e-7, far below any KS bound used here).</summary>
    public static double NormalCdf(double x)
    {
        double z = Math.Abs(x) / Math.Sqrt(2);
        double t = 1 / (1 + (0.3275911 * z));
        double poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        double erf = 1 - (poly * Math.Exp(-z * z));
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>Pearson's χ² statistic of <paramref name="counts"/> against equal expected counts.</summary>
    public static double ChiSquareUniform(long[] counts)
    {
        double total = 0;
        foreach (long c in counts)
        {
            total += c;
        }

        double expected = total / counts.Length;
        double chi = 0;
        foreach (long c in counts)
        {
            chi += (c - expected) * (c - expected) / expected;
        }

        return chi;
    }
}

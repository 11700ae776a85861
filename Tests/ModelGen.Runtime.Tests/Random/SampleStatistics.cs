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

    /// <summary>
    /// Upper 0.1% points of χ² for 1…100 degrees of freedom, the root of Q(k/2, x/2) = 0.001 computed in
    /// 30-digit arithmetic (they agree with the standard tables; for 2 degrees of freedom it is −2 ln 0.001).
    /// </summary>
    public static double ChiSquareCritical999(int degreesOfFreedom) => degreesOfFreedom is >= 1 and <= 100
        ? s_chiSquare999[degreesOfFreedom - 1]
        : throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom));

    private static readonly double[] s_chiSquare999 =
    [
        10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877, 29.588,
        31.264, 32.909, 34.528, 36.123, 37.697, 39.252, 40.790, 42.312, 43.820, 45.315,
        46.797, 48.268, 49.728, 51.179, 52.620, 54.052, 55.476, 56.892, 58.301, 59.703,
        61.098, 62.487, 63.870, 65.247, 66.619, 67.985, 69.346, 70.703, 72.055, 73.402,
        74.745, 76.084, 77.419, 78.750, 80.077, 81.400, 82.720, 84.037, 85.351, 86.661,
        87.968, 89.272, 90.573, 91.872, 93.168, 94.461, 95.751, 97.039, 98.324, 99.607,
        100.888, 102.166, 103.442, 104.716, 105.988, 107.258, 108.526, 109.791, 111.055, 112.317,
        113.577, 114.835, 116.092, 117.346, 118.599, 119.850, 121.100, 122.348, 123.594, 124.839,
        126.083, 127.324, 128.565, 129.804, 131.041, 132.277, 133.512, 134.745, 135.978, 137.208,
        138.438, 139.666, 140.893, 142.119, 143.344, 144.567, 145.789, 147.010, 148.230, 149.449,
    ];

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

    /// <summary>
    /// Asserts the sample mean and variance of <paramref name="sample"/> against a distribution's mean, variance
    /// and fourth central moment μ₄. Standard errors: of the mean √(σ²/n); of the sample variance (n − 1
    /// denominator) √(μ₄/n − σ⁴(n − 3)/(n(n − 1))), its exact standard deviation for any distribution with a
    /// finite μ₄. Both statistics are close to normal at n = 10⁵, so 5 standard errors is a two-sided test
    /// at p ≈ 5.7e-7.
    /// </summary>
    public static void AssertMeanAndVariance(ReadOnlySpan<double> sample, double mean, double variance, double centralFourth, string what)
    {
        double n = sample.Length;
        (double sampleMean, double sampleVariance, _, _) = Moments(sample);
        AssertWithin(sampleMean, mean, Math.Sqrt(variance / n), $"{what}: mean");
        double varianceOfVariance = (centralFourth / n) - (variance * variance * (n - 3) / (n * (n - 1)));
        AssertWithin(sampleVariance, variance, Math.Sqrt(varianceOfVariance), $"{what}: variance");
    }

    /// <summary>Mean, variance and fourth central moment from the raw moments E X, E X², E X³, E X⁴.</summary>
    public static (double Mean, double Variance, double CentralFourth) FromRawMoments(double m1, double m2, double m3, double m4)
        => (m1, m2 - (m1 * m1), m4 - (4 * m1 * m3) + (6 * m1 * m1 * m2) - (3 * m1 * m1 * m1 * m1));

    /// <summary>
    /// Asserts that the fraction of <paramref name="sample"/> at or below <paramref name="quantile"/> is within
    /// 5 binomial standard errors √(p(1 − p)/n) of <paramref name="probability"/>: a quantile check that needs
    /// no moments, for distributions without them (Cauchy, Student's t with ν ≤ 4).
    /// </summary>
    public static void AssertQuantile(ReadOnlySpan<double> sample, double quantile, double probability, string what)
    {
        int below = 0;
        foreach (double x in sample)
        {
            below += x <= quantile ? 1 : 0;
        }

        double n = sample.Length;
        AssertWithin(below / n, probability, Math.Sqrt(probability * (1 - probability) / n), $"{what}: fraction ≤ {quantile:G6}");
    }

    /// <summary>Asserts the KS statistic of <paramref name="sample"/> (sorted in place) against <paramref name="cdf"/> is below the α = 0.001 critical value.</summary>
    public static void AssertKolmogorovSmirnov(double[] sample, Func<double, double> cdf, string what)
    {
        double d = KolmogorovSmirnov(sample, cdf);
        double critical = KsCritical(sample.Length, KsAlpha);
        Assert.True(d < critical, $"{what}: KS statistic {d:G4} ≥ critical {critical:G4} (n = {sample.Length}, α = {KsAlpha})");
    }

    /// <summary>
    /// Pearson's χ² test of <paramref name="counts"/> against <paramref name="probabilities"/> (the same bins; they
    /// should sum to 1, the last bin usually holding the tail). A bin with expected count below 5 is merged with the
    /// bins to its right until the merged bin reaches 5, and a short right tail joins the last bin, so the χ²
    /// approximation holds; the critical value is the upper 0.1% point
    /// for (bins − 1) degrees of freedom.
    /// </summary>
    public static void AssertChiSquareFit(long[] counts, double[] probabilities, string what)
    {
        Assert.Equal(counts.Length, probabilities.Length);
        double total = counts.Sum();
        var observed = new List<double>();
        var expected = new List<double>();
        double pendingObserved = 0, pendingExpected = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            pendingObserved += counts[i];
            pendingExpected += probabilities[i] * total;
            if (pendingExpected >= 5)
            {
                observed.Add(pendingObserved);
                expected.Add(pendingExpected);
                pendingObserved = pendingExpected = 0;
            }
        }

        // The right tail left over (expected below 5) joins the last full bin.
        observed[^1] += pendingObserved;
        expected[^1] += pendingExpected;
        double chi = 0;
        for (int i = 0; i < observed.Count; i++)
        {
            chi += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
        }

        int degrees = observed.Count - 1;
        double critical = ChiSquareCritical999(degrees);
        Assert.True(chi < critical, $"{what}: χ² = {chi:G5} ≥ {critical} ({degrees} degrees of freedom, α = 0.001)");
    }
}

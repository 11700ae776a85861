namespace ModelGen.Runtime.Tests.Distributions;

/// <summary>
/// Reference arithmetic for the distribution tests, written independently of the runtime: compensated sums of
/// logarithms for factorials and harmonic numbers, and log1p through atanh.
/// </summary>
internal static class Exact
{
    public const double EulerGamma = 0.577215664901532860606512090082;

    /// <summary>Neumaier-compensated Σ f(k) for k = from … to, so a million terms lose no digits to accumulation.</summary>
    public static double Sum(long from, long to, Func<long, double> f)
    {
        double sum = 0;
        double compensation = 0;
        for (long k = from; k <= to; k++)
        {
            double term = f(k);
            double t = sum + term;
            compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }

        return sum + compensation;
    }

    /// <summary>log n! = Σ log k.</summary>
    public static double LogFactorial(long n) => Sum(2, n, k => Math.Log(k));

    /// <summary>H_n = Σ 1/k.</summary>
    public static double Harmonic(long n) => Sum(1, n, k => 1.0 / k);

    /// <summary>
    /// log(1 + x) without the runtime's Kahan trick: 2 atanh(x/(2 + x)) on [−½, 1], where atanh's argument stays
    /// within ±⅓ and is well conditioned; outside it log(1 + x), whose rounding of 1 + x is exact (x ≤ −½, Sterbenz)
    /// or at most ε relative to a logarithm ≥ log 2.
    /// </summary>
    public static double Log1P(double x) => x < -0.5 || x > 1 ? Math.Log(1 + x) : 2 * Math.Atanh(x / (2 + x));

    /// <summary>|actual − expected| ≤ tolerance, with a message giving both.</summary>
    public static void Near(double expected, double actual, double tolerance, string what)
        => Assert.True(
            Math.Abs(actual - expected) <= tolerance,
            FormattableString.Invariant($"{what}: expected {expected:R}, got {actual:R}, |error| {Math.Abs(actual - expected):E3} > {tolerance:E3}"));
}

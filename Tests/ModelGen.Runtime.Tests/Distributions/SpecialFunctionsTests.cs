using ModelGen.Distributions;

namespace ModelGen.Runtime.Tests.Distributions;

/// <summary>
/// log Γ, ψ and log B against closed forms. log Γ is held to 10⁻¹⁴ relative everywhere (its zeros included), ψ and
/// log B to 10⁻¹⁴ of max(1, |value|): the series are truncated below 4·10⁻¹⁷ and each branch adds at most about ten
/// roundings of terms no larger than the result (log Γ) or of order log Γ(10) ≈ 12.8 (ψ's recurrence, log B's
/// differences); the references are compensated sums of at most a few million logarithms, each within an ulp.
/// </summary>
public sealed class SpecialFunctionsTests
{
    private const double Tolerance = 1e-14;

    private const double Zeta3 = 1.2020569031595942854;

    private static double Scaled(double expected) => Tolerance * Math.Max(1, Math.Abs(expected));

    private static double Relative(double expected) => Tolerance * Math.Abs(expected);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(17)]
    [InlineData(30)]
    [InlineData(171)]
    [InlineData(1000)]
    [InlineData(1_000_000)]
    public void LogGamma_AtIntegers_IsLogFactorial(long n)
    {
        double expected = Exact.LogFactorial(n - 1);
        Exact.Near(expected, SpecialFunctions.LogGamma(n), Relative(expected), $"log Γ({n})");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(1_000_000)]
    public void LogGamma_AtHalfIntegers_MatchesDoubleFactorialForm(long n)
    {
        // Γ(n + ½) = (2n)! √π / (4ⁿ n!)
        double expected = Exact.LogFactorial(2 * n) + (0.5 * Math.Log(Math.PI)) - (n * Math.Log(4)) - Exact.LogFactorial(n);
        Exact.Near(expected, SpecialFunctions.LogGamma(n + 0.5), Relative(expected), $"log Γ({n} + ½)");
    }

    [Theory]
    [InlineData(1e-8)]
    [InlineData(1e-30)]
    [InlineData(1e-300)]
    [InlineData(double.Epsilon)]
    public void LogGamma_NearZero_FollowsLaurentSeries(double x)
    {
        // log Γ(x) = −log x − γx + (π²/12)x² + O(x³)
        double expected = -Math.Log(x) - (Exact.EulerGamma * x) + (Math.PI * Math.PI / 12 * x * x);
        Exact.Near(expected, SpecialFunctions.LogGamma(x), Relative(expected), $"log Γ({x})");
    }

    [Theory]
    [InlineData(1.0 / (1 << 20))]
    [InlineData(-1.0 / (1 << 20))]
    [InlineData(1e-9)]
    [InlineData(-3e-12)]
    public void LogGamma_NearItsZeros_KeepsRelativeAccuracy(double offset)
    {
        // log Γ(1 + z) = −γz + ζ(2)z²/2 − ζ(3)z³/3 + ζ(4)z⁴/4 − …, the next term below 10⁻¹⁸ of the sum for |z| ≤ 2⁻²⁰;
        // log Γ(2 + z) = log(1 + z) + log Γ(1 + z). z is the offset as 1 + z and 2 + z actually round.
        foreach (double origin in new[] { 1.0, 2.0 })
        {
            double z = (origin + offset) - origin;
            double expected = (-Exact.EulerGamma * z) + (Math.PI * Math.PI / 12 * z * z) - (Zeta3 / 3 * z * z * z) + (Math.Pow(Math.PI, 4) / 360 * z * z * z * z);
            if (origin == 2)
            {
                expected += Exact.Log1P(z);
            }

            Exact.Near(expected, SpecialFunctions.LogGamma(origin + z), Relative(expected), $"log Γ({origin} + {z})");
        }
    }

    [Fact]
    public void LogGamma_AtThirdAndQuarter_MatchesKnownConstants()
    {
        // Γ(1/3) = 2.678938534707747633…, Γ(1/4) = 3.625609908221908311… (to 19 digits)
        Exact.Near(Math.Log(2.6789385347077476337), SpecialFunctions.LogGamma(1.0 / 3), Relative(0.985420646927767), "log Γ(⅓)");
        Exact.Near(Math.Log(3.6256099082219083119), SpecialFunctions.LogGamma(0.25), Relative(1.288022524698077), "log Γ(¼)");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void OutsideDomain_IsNaN(double x)
    {
        Assert.True(double.IsNaN(SpecialFunctions.LogGamma(x)));
        Assert.True(double.IsNaN(SpecialFunctions.Digamma(x)));
        Assert.True(double.IsNaN(SpecialFunctions.LogBeta(x, 1)));
    }

    [Fact]
    public void Digamma_AtOneAndHalf_AreClosedForms()
    {
        Exact.Near(-Exact.EulerGamma, SpecialFunctions.Digamma(1), Tolerance, "ψ(1)");
        double half = -Exact.EulerGamma - (2 * Math.Log(2));
        Exact.Near(half, SpecialFunctions.Digamma(0.5), Scaled(half), "ψ(½)");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(50)]
    [InlineData(1_000_000)]
    public void Digamma_AtIntegers_IsHarmonicMinusGamma(long n)
    {
        double expected = Exact.Harmonic(n - 1) - Exact.EulerGamma;
        Exact.Near(expected, SpecialFunctions.Digamma(n), Scaled(expected), $"ψ({n})");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(200)]
    public void Digamma_AtHalfIntegers_MatchesOddHarmonicSum(long n)
    {
        // ψ(n + ½) = −γ − 2 log 2 + Σₖ₌₁ⁿ 2/(2k − 1)
        double expected = -Exact.EulerGamma - (2 * Math.Log(2)) + Exact.Sum(1, n, k => 2.0 / ((2 * k) - 1));
        Exact.Near(expected, SpecialFunctions.Digamma(n + 0.5), Scaled(expected), $"ψ({n} + ½)");
    }

    [Theory]
    [InlineData(1e-8)]
    [InlineData(1e-30)]
    public void Digamma_NearZero_FollowsLaurentSeries(double x)
    {
        // ψ(x) = −1/x − γ + (π²/6)x + O(x²)
        double expected = (-1 / x) - Exact.EulerGamma + (Math.PI * Math.PI / 6 * x);
        Exact.Near(expected, SpecialFunctions.Digamma(x), Scaled(expected), $"ψ({x})");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.4616321449683622)]
    [InlineData(2.5)]
    [InlineData(7.25)]
    [InlineData(9.1)]
    [InlineData(9.99)]
    [InlineData(10.7)]
    [InlineData(123.456)]
    public void Digamma_SatisfiesRecurrence_AcrossTheSeriesThreshold(double x)
    {
        double expected = SpecialFunctions.Digamma(x) + (1 / x);
        Exact.Near(expected, SpecialFunctions.Digamma(x + 1), Scaled(Math.Abs(SpecialFunctions.Digamma(x)) + (1 / x)), $"ψ({x} + 1)");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(1.4)]
    [InlineData(2.5)]
    [InlineData(3.75)]
    [InlineData(9.5)]
    [InlineData(12.25)]
    public void LogGamma_SatisfiesRecurrence_AcrossBranches(double x)
    {
        double expected = SpecialFunctions.LogGamma(x) + Math.Log(x);
        Exact.Near(expected, SpecialFunctions.LogGamma(x + 1), Tolerance * (Math.Abs(SpecialFunctions.LogGamma(x)) + Math.Abs(Math.Log(x))), $"log Γ({x} + 1)");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(7, 12)]
    [InlineData(20, 30)]
    [InlineData(1000, 1000)]
    [InlineData(5, 1_000_000)]
    [InlineData(400_000, 1_000_000)]
    public void LogBeta_AtIntegers_IsFactorialRatio(long a, long b)
    {
        // B(a, b) = (a − 1)!(b − 1)!/(a + b − 1)! = (a − 1)!/(b(b + 1)⋯(a + b − 1)) for a ≤ b; the second form
        // keeps the reference from rounding two values of order 10⁷ (ulp 2·10⁻⁹) before subtracting them.
        double expected = Exact.LogFactorial(a - 1) - Exact.Sum(b, a + b - 1, k => Math.Log(k));
        Exact.Near(expected, SpecialFunctions.LogBeta(a, b), Scaled(expected), $"log B({a}, {b})");
        Assert.Equal(SpecialFunctions.LogBeta(a, b), SpecialFunctions.LogBeta(b, a));
    }

    [Theory]
    [InlineData(1e-5)]
    [InlineData(3.7)]
    [InlineData(12.5)]
    [InlineData(1e12)]
    [InlineData(1e300)]
    public void LogBeta_WithOneOrTwo_KeepsDigitsForHugeArguments(double b)
    {
        // B(1, b) = 1/b and B(2, b) = 1/(b(b + 1)): log Γ(b) ≈ 2.6·10¹³ at b = 10¹², so a plain difference would lose 13 digits.
        Exact.Near(-Math.Log(b), SpecialFunctions.LogBeta(1, b), Scaled(Math.Log(b)), $"log B(1, {b})");
        double two = -Math.Log(b) - Math.Log(b + 1);
        Exact.Near(two, SpecialFunctions.LogBeta(b, 2), Scaled(two), $"log B({b}, 2)");
    }

    [Fact]
    public void LogBeta_AtHalves_IsLogPi()
    {
        Exact.Near(Math.Log(Math.PI), SpecialFunctions.LogBeta(0.5, 0.5), Tolerance, "log B(½, ½)");
    }

    [Fact]
    public void GenericWrappers_AgreeWithDouble_InFloat()
    {
        Assert.Equal((float)Math.Log(2), SpecialFunctions.LogGamma(3f));
        Assert.Equal((float)-Exact.EulerGamma, SpecialFunctions.Digamma(1f));
        Assert.Equal((float)Math.Log(Math.PI), SpecialFunctions.LogBeta(0.5f, 0.5f));
        Assert.Equal(SpecialFunctions.LogGamma(4.5), SpecialFunctions.LogGamma<double>(4.5));
    }
}

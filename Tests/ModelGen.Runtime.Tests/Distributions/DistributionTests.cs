using System.Globalization;
using ModelGen.Distributions;

namespace ModelGen.Runtime.Tests.Distributions;

/// <summary>
/// Every scalar prior against its closed form, finite differences, quadrature and its float instantiation.
/// Tolerances are stated relative to Σ|terms| (the addends of the reference closed form), because both the runtime
/// and the reference round each addend: a bug in a formula moves the result by far more than 10⁻¹²·Σ|terms|,
/// while a correct implementation's error is about 10 roundings of the addends plus log Γ's 10⁻¹⁴.
/// </summary>
public sealed class DistributionTests
{
    /// <summary>Relative (to Σ|terms|) tolerance of the value in double; see the class remarks.</summary>
    private const double ValueTolerance = 1e-12;

    /// <summary>
    /// Central differences with h = cbrt(ε)·scale have truncation error h²·|f'''|/6 ≈ 6·10⁻¹²·|f'| and round-off
    /// ε·Σ|terms|/h ≈ 4·10⁻¹¹·Σ|terms|/scale, so 10⁻⁶ of |g| + Σ|terms|/scale holds them with a wide margin.
    /// </summary>
    private const double GradientTolerance = 1e-6;

    /// <summary>float's unit roundoff; float results may be 32 of them off per unit of Σ|terms| (a dozen roundings, each ≤ 1 ulp, plus the double-to-float conversions of log Γ and ψ).</summary>
    private const double FloatEpsilon = 5.96e-8;

    private const double Sentinel = 0.25;

    public static TheoryData<string> Names => DistributionCase.Names;

    public static TheoryData<string> NamesWithBoundedSupport => [.. DistributionCase.All.Where(c => c.Outside.Length > 0).Select(c => c.Name)];

    private static string Show(double[] a) => "(" + string.Join(", ", a.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";

    [Theory]
    [MemberData(nameof(Names))]
    public void LogDensity_MatchesClosedForm(string name)
    {
        DistributionCase c = DistributionCase.Get(name);
        foreach (double[] a in c.Points)
        {
            double[] terms = c.Terms(a);
            double expected = terms.Sum();
            double actual = c.Value(a);
            Exact.Near(expected, actual, ValueTolerance * terms.Sum(Math.Abs), $"{name}{Show(a)}");

            // The gradient overload returns the same value.
            Assert.Equal(actual, c.Gradient(a, new double[a.Length]));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_MatchesCentralDifferences(string name)
    {
        DistributionCase c = DistributionCase.Get(name);
        foreach (double[] a in c.Points)
        {
            double[] g = new double[a.Length];
            c.Gradient(a, g);
            double size = c.Terms(a).Sum(Math.Abs);
            for (int i = 0; i < a.Length; i++)
            {
                double scale = c.StepScale(a, i);
                double h = Math.Cbrt(Math.Pow(2, -52)) * scale;
                double[] up = (double[])a.Clone();
                double[] down = (double[])a.Clone();
                up[i] += h;
                down[i] -= h;

                // At the edge of the support (scale 0) no two-sided difference exists, and where the step is under
                // 2¹⁶ ulps of a[i] (x within 10⁻¹² of Beta's upper end) the difference is mostly rounding.
                if (up[i] - down[i] < Math.ScaleB(Math.BitIncrement(Math.Abs(a[i])) - Math.Abs(a[i]), 16))
                {
                    continue;
                }

                double fd = (c.Value(up) - c.Value(down)) / (up[i] - down[i]);
                Exact.Near(fd, g[i], GradientTolerance * (Math.Abs(fd) + (size / scale)), $"{name}{Show(a)} ∂/∂a[{i}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_AddsToTheRefs(string name)
    {
        // A second call on the same refs doubles them exactly (g + g is exact) only if both calls add.
        DistributionCase c = DistributionCase.Get(name);
        foreach (double[] a in c.Points)
        {
            double[] g = new double[a.Length];
            c.Gradient(a, g);
            double[] once = (double[])g.Clone();
            c.Gradient(a, g);
            Assert.Equal(once.Select(v => 2 * v), g);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Density_IntegratesToOne(string name)
    {
        DistributionCase c = DistributionCase.Get(name);
        foreach (double[] a in c.Normalisation)
        {
            double integral = c.Integrate(a, x =>
            {
                double[] point = (double[])a.Clone();
                point[0] = x;
                return Math.Exp(c.Value(point));
            });
            // The rule is good to a few 10⁻¹⁵ here, except that nodes cannot come closer than one ulp (5.5·10⁻¹⁷)
            // to x = 1: with β < 1 the density is unbounded there, and for Beta(½, ½) that strip holds
            // (2/π)·√(5.5·10⁻¹⁷) ≈ 5·10⁻⁹ of the mass.
            double tolerance = name == nameof(Beta) && a[2] < 1 ? 1e-8 : 1e-12;
            Exact.Near(1, integral, tolerance, $"∫ {name}{Show(a[1..])}");
        }
    }

    [Theory]
    [MemberData(nameof(NamesWithBoundedSupport))]
    public void OutsideSupport_IsNegativeInfinity_AndLeavesGradientUnchanged(string name)
    {
        DistributionCase c = DistributionCase.Get(name);
        foreach (double[] a in c.Outside)
        {
            Assert.Equal(double.NegativeInfinity, c.Value(a));
            double[] g = Enumerable.Repeat(Sentinel, a.Length).ToArray();
            Assert.Equal(double.NegativeInfinity, c.Gradient(a, g));
            Assert.All(g, v => Assert.Equal(Sentinel, v));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void NaN_Propagates(string name)
    {
        DistributionCase c = DistributionCase.Get(name);
        double[] a = (double[])c.Points[0].Clone();
        a[0] = double.NaN;
        Assert.True(double.IsNaN(c.Value(a)));
        Assert.True(double.IsNaN(c.Gradient(a, new double[a.Length])));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FloatInstantiation_AgreesWithDouble(string name)
    {
        DistributionCase c = DistributionCase.Get(name);
        int compared = 0;
        foreach (double[] original in c.Points)
        {
            float[] af = original.Select(v => (float)v).ToArray();
            double[] a = af.Select(v => (double)v).ToArray();
            double expected = c.Value(a);
            if (!af.All(v => v == 0 || (Math.Abs(v) >= 1e-30 && Math.Abs(v) <= 1e30)) || !double.IsFinite(expected))
            {
                continue; // not representable in float, or rounded onto the edge of the support
            }

            compared++;
            double size = c.Terms(a).Sum(Math.Abs);
            float[] gf = new float[a.Length];
            double[] g = new double[a.Length];
            Exact.Near(expected, c.GradientF(af, gf), 32 * FloatEpsilon * size, $"{name}{Show(a)} in float");
            c.Gradient(a, g);
            for (int i = 0; i < a.Length; i++)
            {
                double scale = c.StepScale(a, i);
                double bound = 64 * FloatEpsilon * (Math.Abs(g[i]) + (scale > 0 ? size / scale : 0));
                Exact.Near(g[i], gf[i], bound, $"{name}{Show(a)} ∂/∂a[{i}] in float");
            }
        }

        Assert.True(compared >= 3, $"only {compared} points of {name} are representable in float");
    }

    [Fact]
    public void StudentT_WithHugeDegreesOfFreedom_IsNormal()
    {
        // The t density → N(μ, σ) as ν → ∞, with a log-density gap of order (z⁴ − 2z² − 1)/(4ν) ≈ 10⁻¹⁵ at ν = 10¹⁵;
        // the Γ ratio and ½ log ν each reach 17 there, so computing them apart would leave an error near 1.
        foreach (double x in new[] { -3.0, 0, 0.5, 2 })
        {
            Exact.Near(Normal.LogDensity(x, 0.1, 1.3), StudentT.LogDensity(x, 1e15, 0.1, 1.3), 1e-13, $"StudentT({x} | 10¹⁵, 0.1, 1.3)");
        }
    }

    [Theory]
    [InlineData(1e5)]
    [InlineData(1e6)]
    public void StudentT_NuGradient_AtLargeNu_FollowsTheExpansion(double nu)
    {
        // log t_ν(z) = log φ(z) − log σ + a₁/ν + a₂/ν² + O(ν⁻³), a₁ = (z⁴ − 2z² − 1)/4, a₂ = (3z⁴ − 2z⁶)/12, so
        // ∂/∂ν = −a₁/ν² − 2a₂/ν³ to a relative O(ν⁻²) (≈ 135/ν² at z = 3, measured at ν = 10⁴). ∂/∂ν is of order
        // 10⁻¹¹ at ν = 10⁶: subtracting ψ(ν/2) from ψ((ν + 1)/2), each near 13, would leave two or three digits of it.
        foreach (double z in new[] { 0.0, 0.5, 2, 3 })
        {
            double dx = 0, dnu = 0, dmu = 0, dsigma = 0;
            StudentT.LogDensity(1 + (2 * z), nu, 1.0, 2.0, ref dx, ref dnu, ref dmu, ref dsigma);
            double z2 = z * z;
            double a1 = ((z2 * z2) - (2 * z2) - 1) / 4;
            double a2 = ((3 * z2 * z2) - (2 * z2 * z2 * z2)) / 12;
            double expected = (-a1 / (nu * nu)) - (2 * a2 / (nu * nu * nu));
            Exact.Near(expected, dnu, 1e-6 * Math.Abs(expected), $"∂/∂ν StudentT(z = {z} | ν = {nu})");
        }
    }

    [Fact]
    public void Laplace_AtTheKink_TakesTheZeroSubgradient()
    {
        double dx = 0;
        double dmu = 0;
        double db = 0;
        Laplace.LogDensity(1.0, 1.0, 2.0, ref dx, ref dmu, ref db);
        Assert.Equal(0, dx);
        Assert.Equal(0, dmu);
        Assert.Equal(-0.5, db);
    }

    [Fact]
    public void Domains_AreAsTheGeneratorExpects()
    {
        Assert.Equal(
            [Support.Real, Support.Positive, Support.Real, Support.Positive, Support.Real, Support.Positive, Support.Real,
             Support.Positive, Support.Positive, Support.Positive, Support.Positive, Support.UnitInterval, Support.Interval],
            [Normal.Domain, HalfNormal.Domain, StudentT.Domain, HalfStudentT.Domain, Cauchy.Domain, HalfCauchy.Domain, Laplace.Domain,
             Exponential.Domain, Gamma.Domain, InverseGamma.Domain, LogNormal.Domain, Beta.Domain, Uniform.Domain]);
    }

    [Fact]
    public void LogDensity_DoesNotAllocate()
    {
        double dx = 0, da = 0, db = 0, dc = 0;
        double sum = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                double x = 0.1 + (i * 0.001);
                sum += StudentT.LogDensity(x, 3.0, 0.0, 1.0, ref dx, ref da, ref db, ref dc);
                sum += Gamma.LogDensity(x, 2.0, 1.0, ref dx, ref da, ref db);
                sum += Beta.LogDensity(x, 2.0, 3.0, ref dx, ref da, ref db);
                sum += Normal.LogDensity<float>((float)x, 0f, 1f);
            }

            if (pass == 1)
            {
                Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
            }
        }

        Assert.True(double.IsFinite(sum));
    }
}

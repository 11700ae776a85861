using ModelGen.EndToEnd.Tests.Inference;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Sampling;

/// <summary>NUTS on hand-written Gaussian targets whose every marginal is known exactly.</summary>
public sealed class GaussianTargetTests
{
    [Fact]
    public void StandardNormal_in_100_dimensions()
    {
        const int d = 100;
        var density = new FunctionDensity(d, static (theta, gradient) =>
        {
            double lp = 0;
            for (int i = 0; i < theta.Length; i++)
            {
                lp -= 0.5 * theta[i] * theta[i];
                gradient[i] = -theta[i];
            }

            return lp - (0.5 * theta.Length * Math.Log(2 * Math.PI));
        });

        NutsFit<double> fit = Nuts.Sample<FunctionDensity, double>(ref density, new FlatModel("Normal100", d), new NutsOptions { Seed = 11 });

        // 100 quantities × 5 comparisons: Bonferroni at a family-wise 1 % is Φ⁻¹(1 − 0.005/500) = 4.26.
        var failures = new List<string>();
        for (int i = 0; i < d; i++)
        {
            ExactCheck.Normal($"theta[{i}]", fit.ChainsOf(i), 0, 1, 4.26, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(0, fit.Divergences);
        Assert.Equal(0, fit.TreeDepthSaturations);
        Assert.True(fit.LogDensitySummary().Rhat < 1.01);
    }

    [Fact]
    public void Correlated_2D_Gaussian()
    {
        // Means (1, −2), sds (1, 3), correlation 0.95: a narrow diagonal ridge a diagonal metric cannot remove.
        const double m0 = CorrelatedGaussian.Mean0, m1 = CorrelatedGaussian.Mean1, s0 = CorrelatedGaussian.Sd0, s1 = CorrelatedGaussian.Sd1, rho = CorrelatedGaussian.Rho;
        FunctionDensity density = CorrelatedGaussian.Density();

        NutsFit<double> fit = Nuts.Sample<FunctionDensity, double>(ref density, new FlatModel("Correlated", 2), new NutsOptions { Seed = 5 });

        // 2 quantities × 5 comparisons (and a correlation): 4 MCSE.
        var failures = new List<string>();
        ExactCheck.Normal("theta[0]", fit.ChainsOf(0), m0, s0, 4, failures);
        ExactCheck.Normal("theta[1]", fit.ChainsOf(1), m1, s1, 4, failures);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(0, fit.Divergences);

        // The standardised product a·b has mean ρ and variance 1 + ρ²; its MCSE from the ESS of the product.
        var product = new double[fit.Draws.Count];
        for (int k = 0; k < product.Length; k++)
        {
            product[k] = (fit.Draws[k, 0] - m0) / s0 * ((fit.Draws[k, 1] - m1) / s1);
        }

        double[][] chains = fit.ChainsOf(product);
        double mcse = Diagnostics.Convergence.McseMean(chains);
        Assert.True(Math.Abs(product.Average() - rho) <= 4 * mcse, $"E[ab] = {product.Average():0.0000}, exact {rho}, MCSE {mcse:0.0000}");
    }

    [Fact]
    public void Same_seed_gives_the_same_draws_whatever_the_thread_count()
    {
        var density = new FunctionDensity(3, static (theta, gradient) =>
        {
            double lp = 0;
            for (int i = 0; i < theta.Length; i++)
            {
                double s = i + 1;
                lp -= 0.5 * theta[i] * theta[i] / (s * s);
                gradient[i] = -theta[i] / (s * s);
            }

            return lp;
        });

        var options = new NutsOptions { Seed = 3, Chains = 4, Warmup = 200, Draws = 100 };
        NutsFit<double> one = Nuts.Sample<FunctionDensity, double>(ref density, new FlatModel("Scaled", 3), options with { MaxDegreeOfParallelism = 1 });
        NutsFit<double> four = Nuts.Sample<FunctionDensity, double>(ref density, new FlatModel("Scaled", 3), options with { MaxDegreeOfParallelism = 4 });
        Assert.Equal(one.Draws.Values.ToArray(), four.Draws.Values.ToArray());
        Assert.Equal(one.Statistics.Energy, four.Statistics.Energy);
        Assert.Equal(one.Statistics.TreeDepth, four.Statistics.TreeDepth);
        Assert.Equal(one.StepSizes.ToArray(), four.StepSizes.ToArray());

        // Different chains are different streams.
        Assert.NotEqual(one.ChainsOf(0)[0], one.ChainsOf(0)[1]);
    }

    [Fact]
    public void Statistics_are_reported_per_draw()
    {
        var density = new FunctionDensity(2, static (theta, gradient) =>
        {
            gradient[0] = -theta[0];
            gradient[1] = -theta[1];
            return -0.5 * ((theta[0] * theta[0]) + (theta[1] * theta[1]));
        });

        NutsFit<double> fit = Nuts.Sample<FunctionDensity, double>(ref density, new FlatModel("Two", 2), new NutsOptions { Seed = 1, Chains = 2, Warmup = 300, Draws = 200 });
        SamplerStatistics s = fit.Statistics;
        Assert.Equal(400, s.LogDensity.Length);
        for (int k = 0; k < 400; k++)
        {
            // lp__ is log p at the draw; energy__ is at least −lp__ (the kinetic energy is non-negative).
            double expected = -0.5 * ((fit.Draws[k, 0] * fit.Draws[k, 0]) + (fit.Draws[k, 1] * fit.Draws[k, 1]));
            Assert.Equal(expected, s.LogDensity[k], 12);
            Assert.True(s.Energy[k] >= -s.LogDensity[k]);
            Assert.InRange(s.AcceptStat[k], 0, 1);
            Assert.InRange(s.TreeDepth[k], 0, fit.MaxTreeDepth);

            // A tree of depth d made 2^d − 1 steps, plus up to 2^d more in the subtree that ended it.
            Assert.InRange(s.Leapfrogs[k], (1 << s.TreeDepth[k]) - 1, (1 << (s.TreeDepth[k] + 1)) - 1);
            Assert.Equal(fit.StepSizes[k / 200], s.StepSize[k]);
        }

        Assert.Equal(2, fit.Ebfmi.Length);
    }

    [Fact]
    public void Bad_options_name_the_option()
    {
        var density = new FunctionDensity(2, static (theta, gradient) => 0);
        var model = new FlatModel("Two", 2);
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => Nuts.Sample<FunctionDensity, double>(ref density, model, new NutsOptions { TargetAcceptance = 1 }));
        Assert.Equal("TargetAcceptance", e1.ParamName);
        var e2 = Assert.Throws<ArgumentException>(() => Nuts.Sample<FunctionDensity, double>(ref density, model, new NutsOptions { InitialPoints = [[0, 0, 0]] }));
        Assert.Contains("InitialPoints[0] has 3 values", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<ArgumentException>(() => Nuts.Sample<FunctionDensity, double>(ref density, model, new NutsOptions { InitialInverseMetric = new double[] { 1, -1 } }));
        Assert.Contains("InitialInverseMetric[1]", e3.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minibatch_density_is_refused_and_cancellation_stops_the_chains()
    {
        var minibatch = new MinibatchDensity();
        var error = Assert.Throws<ArgumentException>(() => Nuts.Sample<MinibatchDensity, double>(ref minibatch, new FlatModel("One", 1)));
        Assert.Contains("minibatch", error.Message, StringComparison.Ordinal);

        var density = new FunctionDensity(1, static (theta, gradient) =>
        {
            gradient[0] = -theta[0];
            return -0.5 * theta[0] * theta[0];
        });
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Nuts.Sample<FunctionDensity, double>(ref density, new FlatModel("One", 1), new NutsOptions { Seed = 1 }, cancelled.Token));
    }

    private readonly struct MinibatchDensity : ModelGen.Inference.ILogDensity<double>
    {
        public int Dimension => 1;

        public bool IsFullBatch => false;

        public double LogDensity(ReadOnlySpan<double> theta) => 0;

        public void Gradient(ReadOnlySpan<double> theta, Span<double> gradient) => gradient.Clear();

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient) => 0;

        public bool NextBatch() => true;
    }
}

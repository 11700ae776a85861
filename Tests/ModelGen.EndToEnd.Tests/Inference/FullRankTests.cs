using ModelGen.Inference;
using ModelGen.Optimizers;
using ModelGen.Tests.Shared;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>Full-rank ADVI: the exact posterior of a correlated regression, its gradient, draws, density and state.</summary>
public sealed class FullRankTests(ITestOutputHelper output) : IDisposable
{
    // Two predictors of correlation 0.9 plus an intercept: the slopes' posterior correlation is about −0.9, so
    // mean-field's marginal sds fall short of the truth by a factor √(1 − 0.9²) ≈ 0.44.
    private static readonly Regression Correlated = new(rows: 40, designCorrelation: 0.9, beta: [1.5, -0.8, 0.3], sigma: 1.0, tau: 3.0, seed: 11);

    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-fullrank-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The hand-written regression density: see <see cref="AssertRecoversThePosterior"/>.</summary>
    [Fact]
    public void Full_rank_recovers_the_exact_posterior_means_sds_and_correlation()
    {
        var model = new FlatModel("CorrelatedRegression", 3);
        AssertRecoversThePosterior(Correlated, seeds: 16, seed =>
        {
            FunctionDensity density = Correlated.Density();
            return Advi.Fit<FunctionDensity, double>(ref density, model, FullRankOptions(100 + seed));
        });
    }

    /// <summary>The same check through a generated model (the test project's <c>LinearRegression</c>: σ = 0.7, τ = 3).</summary>
    [Fact]
    public void Full_rank_recovers_the_exact_posterior_through_a_generated_model()
    {
        var regression = new Regression(rows: 40, designCorrelation: 0.9, beta: [1.5, -0.8, 0.3], sigma: 0.7, tau: 3.0, seed: 12);
        var model = new Models.LinearRegression(regression.Predictors, regression.Outcomes);
        AssertRecoversThePosterior(regression, seeds: 12, seed => model.Fit(FullRankOptions(300 + seed)));
    }

    /// <summary>
    /// For a Gaussian target the full-rank family contains the posterior, so the ELBO's optimum is the posterior
    /// itself. A single fit's answer is random (the stochastic gradient leaves Adam's iterates jittering around the
    /// optimum), so the test fits R seeds and treats each fit's answer as one Monte Carlo draw: the average over
    /// seeds must be within 4 standard errors (spread over seeds / √R) of the exact value. That alone could pass
    /// vacuously with noisy fits, so the standard errors must also be small: 5 % of the posterior sd for the means
    /// (Adam's jitter at rate 0.01 is about 0.02 per fit), 2 % for the sds and 0.02 for the correlation.
    /// </summary>
    private void AssertRecoversThePosterior(Regression regression, int seeds, Func<ulong, AdviFit<double>> fitWithSeed)
    {
        double[] exactMean = regression.PosteriorMean();
        double[,] exactCov = regression.PosteriorCovariance();
        double[] exactSd = [.. Enumerable.Range(0, 3).Select(i => Math.Sqrt(exactCov[i, i]))];
        double exactCorrelation = exactCov[0, 1] / (exactSd[0] * exactSd[1]);

        var means = new double[seeds, 3];
        var sds = new double[seeds, 3];
        var correlations = new double[seeds];
        for (int s = 0; s < seeds; s++)
        {
            AdviFit<double> fit = fitWithSeed((ulong)s);
            Assert.Equal(VariationalFamily.FullRank, fit.Family);
            double[,] cov = fit.Covariance();
            double[] sd = fit.StandardDeviation();
            for (int i = 0; i < 3; i++)
            {
                means[s, i] = fit.Mean[i];
                sds[s, i] = sd[i];
                Assert.Equal(Math.Sqrt(cov[i, i]), sd[i], 12);
            }

            correlations[s] = cov[0, 1] / (sd[0] * sd[1]);
        }

        (double correlation, double correlationError) = Average(correlations);
        output.WriteLine($"corr(β0, β1): {correlation:F4} ± {correlationError:F4} vs {exactCorrelation:F4}");
        for (int i = 0; i < 3; i++)
        {
            (double mean, double meanError) = Average(Column(means, i));
            (double sd, double sdError) = Average(Column(sds, i));
            output.WriteLine($"β{i}: mean {mean:F4} ± {meanError:F4} vs {exactMean[i]:F4}; sd {sd:F4} ± {sdError:F4} vs {exactSd[i]:F4}");
            Assert.True(meanError < 0.05 * exactSd[i], $"β{i}: the fits' means spread too much to test ({meanError})");
            Assert.True(sdError < 0.02 * exactSd[i], $"β{i}: the fits' sds spread too much to test ({sdError})");
            Assert.True(Math.Abs(mean - exactMean[i]) < 4 * meanError, $"β{i}: mean {mean} ± {meanError} vs exact {exactMean[i]}");
            Assert.True(Math.Abs(sd - exactSd[i]) < 4 * sdError, $"β{i}: sd {sd} ± {sdError} vs exact {exactSd[i]}");
        }

        Assert.True(exactCorrelation < -0.8, $"the design should make the slopes strongly correlated, not {exactCorrelation}");
        Assert.True(correlationError < 0.02, $"the fits' correlations spread too much to test ({correlationError})");
        Assert.True(Math.Abs(correlation - exactCorrelation) < 4 * correlationError, $"correlation {correlation} ± {correlationError} vs exact {exactCorrelation}");
    }

    /// <summary>
    /// Mean-field on the same posterior: its optimum has the exact means, zero correlation and sds 1/√Λᵢᵢ (Bishop 2006,
    /// §10.1.2), which for the correlated slopes are well below the true marginal sds √Σᵢᵢ. The same 4-standard-error
    /// rule as above checks the sds against 1/√Λᵢᵢ, and the slopes' sds must fall short of √Σᵢᵢ by more than 4
    /// standard errors: the failure full-rank exists to fix.
    /// </summary>
    [Fact]
    public void Mean_field_has_zero_correlation_and_too_small_sds_on_the_same_posterior()
    {
        const int seeds = 16;
        double[,] precision = Correlated.PosteriorPrecision();
        double[,] exactCov = Correlated.PosteriorCovariance();
        var sds = new double[seeds, 3];
        var model = new FlatModel("CorrelatedRegression", 3);
        for (int s = 0; s < seeds; s++)
        {
            FunctionDensity density = Correlated.Density();
            AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, model, FullRankOptions((ulong)(200 + s)) with { Family = VariationalFamily.MeanField });
            Assert.Equal(VariationalFamily.MeanField, fit.Family);
            double[,] cov = fit.Covariance();
            Assert.Equal(0.0, cov[0, 1]);
            Assert.Equal(0.0, cov[0, 2]);
            Assert.Equal(0.0, cov[1, 2]);

            // Its draws are uncorrelated too: the sample correlation of n draws has sd about 1/√n.
            double[] draws = fit.SampleUnconstrained(20_000);
            Assert.True(Math.Abs(SampleCorrelation(draws, 3, 0, 1)) < 4 / Math.Sqrt(20_000));
            double[] sd = fit.StandardDeviation();
            for (int i = 0; i < 3; i++)
            {
                sds[s, i] = sd[i];
            }
        }

        for (int i = 0; i < 3; i++)
        {
            (double sd, double error) = Average(Column(sds, i));
            double optimum = 1 / Math.Sqrt(precision[i, i]);
            double marginal = Math.Sqrt(exactCov[i, i]);
            output.WriteLine($"β{i}: mean-field sd {sd:F4} ± {error:F4} vs 1/√Λᵢᵢ {optimum:F4}; true marginal sd {marginal:F4}");
            Assert.True(error < 0.02 * optimum, $"β{i}: the fits' sds spread too much to test ({error})");
            Assert.True(Math.Abs(sd - optimum) < 4 * error, $"β{i}: sd {sd} ± {error} vs mean-field optimum {optimum}");
            if (i < 2)
            {
                Assert.True(sd + (4 * error) < 0.6 * marginal, $"β{i}: mean-field sd {sd} should fall well short of the true {marginal}");
            }
        }
    }

    /// <summary>
    /// The reparameterised one-draw ELBO gradient w.r.t. (μ, ρ, λ) against central differences of the one-draw ELBO
    /// at the same ε, on a non-quadratic density (a three-dimensional banana), for both families. Central
    /// differences with h = ∛ε·max(1, |x|) have error O(h²) ≈ 1e-11 relative, so 1e-6 leaves room for rounding.
    /// </summary>
    [Theory]
    [InlineData(VariationalFamily.FullRank)]
    [InlineData(VariationalFamily.MeanField)]
    public void Elbo_gradient_matches_finite_differences_at_a_fixed_draw(VariationalFamily family)
    {
        FunctionDensity density = Banana3();
        int n = ElboEstimator.ParameterCount(family, 3);
        Assert.Equal(family == VariationalFamily.FullRank ? 9 : 6, n);
        var rng = new Random.Rng(21);
        var parameters = new double[n];
        var epsilon = new double[3];
        for (int i = 0; i < n; i++)
        {
            parameters[i] = 0.5 * rng.NextNormal();
        }

        rng.FillNormal(epsilon.AsSpan());
        var gradient = new double[n];
        ElboEstimator.Gradient(ref density, family, parameters, epsilon, gradient);
        for (int i = 0; i < n; i++)
        {
            double h = Math.Cbrt(2.220446049250313e-16) * Math.Max(1, Math.Abs(parameters[i]));
            double[] plus = (double[])parameters.Clone();
            double[] minus = (double[])parameters.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (ElboEstimator.Estimate(ref density, family, plus, epsilon) - ElboEstimator.Estimate(ref density, family, minus, epsilon)) / (2 * h);
            output.WriteLine($"∂/∂p{i}: {gradient[i]:G10} vs {numeric:G10}");
            Assert.True(Math.Abs(gradient[i] - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"parameter {i}: analytic {gradient[i]} vs numeric {numeric}");
        }
    }

    /// <summary>
    /// Draws are θ = μ + Lε: 40,000 of them have the fit's covariance LLᵀ. The sample correlation's sd is about
    /// (1 − ρ²)/√n ≈ 0.001 here and a sample variance's relative sd √(2/n) ≈ 0.007; allow 4 of each.
    /// </summary>
    [Fact]
    public void Full_rank_draws_have_the_fitted_covariance_and_log_q_is_the_mvn_density()
    {
        const int count = 40_000;
        FunctionDensity density = Correlated.Density();
        AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, new FlatModel("CorrelatedRegression", 3), FullRankOptions(5) with { Iterations = 5_000 });
        double[,] cov = fit.Covariance();
        double[] draws = fit.SampleUnconstrained(count);
        Assert.Equal(draws, fit.Sample(count).Values.ToArray());
        double rho = cov[0, 1] / Math.Sqrt(cov[0, 0] * cov[1, 1]);
        double sampleRho = SampleCorrelation(draws, 3, 0, 1);
        output.WriteLine($"correlation: fitted {rho:F4}, draws {sampleRho:F4}");
        Assert.True(Math.Abs(sampleRho - rho) < 4 * (1 - (rho * rho)) / Math.Sqrt(count));
        for (int i = 0; i < 3; i++)
        {
            double variance = SampleCovariance(draws, 3, i, i);
            Assert.True(Math.Abs((variance / cov[i, i]) - 1) < 4 * Math.Sqrt(2.0 / count), $"θ{i}: draws' variance {variance} vs fitted {cov[i, i]}");
        }

        // log q against the multivariate normal density written with Σ⁻¹ and log det Σ = 2 Σ log Lᵢᵢ.
        double[] theta = [fit.Mean[0] + 0.3, fit.Mean[1] - 0.2, fit.Mean[2] + 0.1];
        double[] diff = [.. Enumerable.Range(0, 3).Select(i => theta[i] - fit.Mean[i])];
        double[] solved = LinearAlgebra.Solve(cov, diff);
        double[,] l = fit.CholeskyFactor();
        double logDet = 2 * Enumerable.Range(0, 3).Sum(i => Math.Log(l[i, i]));
        double expected = (-0.5 * diff.Zip(solved, (a, b) => a * b).Sum()) - (0.5 * logDet) - (1.5 * Math.Log(2 * Math.PI));
        Assert.Equal(expected, fit.LogApproximation(theta), 10);
        Assert.Equal(0.0, l[0, 1]);
        Assert.NotEqual(0.0, l[1, 0]);
    }

    [Fact]
    public void A_saved_full_rank_fit_loads_with_its_correlations()
    {
        FunctionDensity density = Correlated.Density();
        var model = new FlatModel("CorrelatedRegression", 3);
        AdviFit<double> fit = Advi.Fit<FunctionDensity, double>(ref density, model, FullRankOptions(5) with { Iterations = 100 });
        string path = Path.Combine(_folder, "fit.mgfit");
        fit.Save(path);

        AdviFit<double> loaded = AdviFit<double>.Load(path, model);
        Assert.Equal(VariationalFamily.FullRank, loaded.Family);
        Assert.Equal(fit.Covariance(), loaded.Covariance());
        Assert.NotEqual(0.0, loaded.Covariance()[1, 0]);
        Assert.Equal(fit.Sample(100, seed: 8).Values.ToArray(), loaded.Sample(100, seed: 8).Values.ToArray());
    }

    /// <summary>
    /// A full-rank fit of 1,000 steps checkpointing every 300, cancelled after step 900's checkpoint, resumes there when
    /// run again, and must end bit for bit where an uninterrupted fit ends.
    /// </summary>
    [Fact]
    public void A_full_rank_fit_resumed_from_its_checkpoint_equals_the_uninterrupted_fit()
    {
        string path = Path.Combine(_folder, "fullrank.ckpt");
        AdviOptions options = FullRankOptions(8) with { Iterations = 1_000, GradientSamples = 1, Checkpoint = new CheckpointOptions(path, Every: 300) };
        var model = new FlatModel("CorrelatedRegression", 3);
        FunctionDensity density = Correlated.Density();
        AdviFit<double> straight = Advi.Fit<FunctionDensity, double>(ref density, model, options with { Checkpoint = null });
        using (var cancel = new CancellationTokenSource())
        {
            AdviFit<double> interrupted = Advi.Fit<FunctionDensity, double>(ref density, model, options with { Progress = new CancelAfter(900, cancel) }, cancel.Token);
            Assert.Equal(900, interrupted.Iterations);
        }

        AdviFit<double> resumed = Advi.Fit<FunctionDensity, double>(ref density, model, options);
        Assert.Equal(straight.Mean.ToArray(), resumed.Mean.ToArray());
        Assert.Equal(straight.CholeskyFactor(), resumed.CholeskyFactor());
        Assert.Equal(straight.Elbo, resumed.Elbo);

        // A mean-field fit cannot resume a full-rank checkpoint.
        var mismatch = Assert.Throws<InvalidOperationException>(() => Advi.Fit<FunctionDensity, double>(ref density, model, options with { Family = VariationalFamily.MeanField }));
        Assert.Contains("different options: Family (the checkpoint's FullRank, this fit's MeanField)", mismatch.Message, StringComparison.Ordinal);

        // A density that cannot say which data it covers cannot be checkpointed.
        var anonymous = new FunctionDensity(density.Dimension, (theta, gradient) => density.LogDensityGradient(theta, gradient));
        Assert.Throws<ArgumentException>(() => Advi.Fit<FunctionDensity, double>(ref anonymous, model, options));
    }

    private sealed class CancelAfter(int iteration, CancellationTokenSource source) : IProgress<AdviProgress>
    {
        public void Report(AdviProgress value)
        {
            if (value.Iteration == iteration)
            {
                source.Cancel();
            }
        }
    }

    /// <summary>After setup a full-rank step allocates nothing: fits of 500 and 5,500 steps allocate the same bytes.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Full_rank_steps_allocate_nothing(bool stanAdaptive)
    {
        var model = new FlatModel("CorrelatedRegression", 3);
        AssertStepsAllocateNothing(
            new AdviOptions { Optimizer = stanAdaptive ? new StanAdaptive() : new Adam() },
            options =>
            {
                FunctionDensity density = Correlated.Density();
                return Advi.Fit<FunctionDensity, double>(ref density, model, options).Elbo[^1].Value;
            });
    }

    /// <summary>
    /// The same through a generated float model (the seed notebook's network, whose L has d(d − 1)/2 ≈ 1,000 free
    /// off-diagonal entries): the float paths of the draw and gradient allocate nothing per step either, and the ELBO
    /// stays finite.
    /// </summary>
    [Fact]
    public void Full_rank_steps_of_a_generated_float_model_allocate_nothing()
    {
        var data = Samples.Moons.MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
        var model = new Models.SeedFloat(data.TrainX, data.TrainY);
        AssertStepsAllocateNothing(new AdviOptions(), options => model.Fit(options).Elbo[^1].Value);
    }

    /// <summary>
    /// A fit allocates its buffers once, up front, so two full-rank fits that differ only in their number of steps must
    /// allocate exactly the same bytes (the pattern of <c>AllocationTests</c>).
    /// </summary>
    private static void AssertStepsAllocateNothing(AdviOptions baseline, Func<AdviOptions, double> fit)
    {
        // ElboEvery beyond the run, so both fits estimate the ELBO once (after the last step) and keep equal-size traces.
        // No k̂ after the fit: it is not a step, and what it allocates depends on the fitted q (see AllocationTests).
        AdviOptions shortRun = baseline with { Family = VariationalFamily.FullRank, Iterations = 500, Seed = 3, ElboEvery = int.MaxValue, ElboSamples = 10, ParetoKDraws = 0 };
        AdviOptions longRun = shortRun with { Iterations = 5_500 };
        double first = double.NaN, second = double.NaN;
        StepAllocations.AssertEqual(() => first = fit(shortRun), () => second = fit(longRun));
        Assert.True(double.IsFinite(first) && double.IsFinite(second), $"ELBO {first}, {second}");
    }

    /// <summary>Adam at 0.01 with 10 draws per step for 20,000 steps: the defaults' optimizer, with less gradient noise.</summary>
    private static AdviOptions FullRankOptions(ulong seed) => new()
    {
        Family = VariationalFamily.FullRank,
        Iterations = 20_000,
        GradientSamples = 10,
        Seed = seed,
    };

    /// <summary>log p = −½ Σ θᵢ² − 2 Σᵢ₌₁ (θᵢ − θᵢ₋₁²)²: curved, not Gaussian, with every coordinate coupled.</summary>
    private static FunctionDensity Banana3() => new(3, static (theta, gradient) =>
    {
        double value = 0;
        for (int i = 0; i < 3; i++)
        {
            value -= 0.5 * theta[i] * theta[i];
            gradient[i] = -theta[i];
        }

        for (int i = 1; i < 3; i++)
        {
            double r = theta[i] - (theta[i - 1] * theta[i - 1]);
            value -= 2 * r * r;
            gradient[i] -= 4 * r;
            gradient[i - 1] += 8 * r * theta[i - 1];
        }

        return value;
    });

    private static double[] Column(double[,] values, int column) => [.. Enumerable.Range(0, values.GetLength(0)).Select(r => values[r, column])];

    /// <summary>The mean of independent replicates and its standard error.</summary>
    private static (double Mean, double StandardError) Average(double[] values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance / values.Length));
    }

    private static double SampleCovariance(double[] draws, int d, int i, int j)
    {
        int n = draws.Length / d;
        double mi = 0;
        double mj = 0;
        for (int k = 0; k < n; k++)
        {
            mi += draws[(k * d) + i];
            mj += draws[(k * d) + j];
        }

        mi /= n;
        mj /= n;
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += (draws[(k * d) + i] - mi) * (draws[(k * d) + j] - mj);
        }

        return sum / (n - 1);
    }

    private static double SampleCorrelation(double[] draws, int d, int i, int j) =>
        SampleCovariance(draws, d, i, j) / Math.Sqrt(SampleCovariance(draws, d, i, i) * SampleCovariance(draws, d, j, j));
}

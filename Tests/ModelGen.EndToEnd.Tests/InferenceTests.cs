using ModelGen.Draws;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests;

/// <summary>The seed notebook's results on its own data, and reproducibility.</summary>
public sealed class InferenceTests(ITestOutputHelper output)
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    [Fact]
    public void The_fit_time_splits_into_steps_ELBO_estimates_and_JIT()
    {
        // Whether the kernels are compiled inside this loop depends on the tests run before it: only the bounds are fixed.
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = 400, Seed = 1, ElboEvery = 50, ElboSamples = 20 });
        output.WriteLine($"elapsed {fit.Elapsed.TotalMilliseconds:F2} ms, ELBO {fit.ElboElapsed.TotalMilliseconds:F2} ms, JIT {fit.JitElapsed.TotalMilliseconds:F2} ms");

        Assert.Equal(8, fit.Elbo.Count);
        Assert.True(fit.ElboElapsed > TimeSpan.Zero, "eight ELBO estimates of 20 log densities each take some time");
        Assert.True(fit.JitElapsed >= TimeSpan.Zero);
        Assert.True(fit.ElboElapsed + fit.JitElapsed <= fit.Elapsed, "the parts lie inside the loop's wall time");

        // A fit read back from its file has no timing of its parts.
        string path = Path.Combine(Path.GetTempPath(), $"modelgen-timing-{Environment.ProcessId}.mgfit");
        try
        {
            fit.Save(path);
            AdviFit<float> loaded = AdviFit<float>.Load(path, model);
            Assert.Equal(TimeSpan.Zero, loaded.ElboElapsed);
            Assert.Equal(TimeSpan.Zero, loaded.JitElapsed);
            Assert.Equal(fit.Elapsed, loaded.Elapsed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Seed_notebook_reaches_95_percent_held_out(ulong seed)
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = 50_000, Seed = seed });
        Assert.Equal(StopReason.IterationLimit, fit.StopReason);
        Draws<float> draws = fit.Sample(5_000);
        PosteriorPredictive test = model.Predict(Seed.TestX, draws);
        double accuracy = test.Accuracy<float>(Seed.TestY);
        output.WriteLine($"seed {seed}: accuracy {accuracy:P1}, final ELBO {fit.Elbo[^1].Value:F1}, fit {fit.Elapsed.TotalSeconds:F2} s");

        // Stan's ADVI and a hand-written PyTorch ADVI reach 95.4–96.2 % on this split; the issue asks for ≥ 95 %.
        Assert.True(accuracy >= 0.95, $"seed {seed}: held-out accuracy {accuracy:P1}");

        // The notebook's recipe (500 sampled outcomes per row, their mean > 0.5) differs from the mean-probability
        // rule only on rows whose P(y = 1) is within Monte Carlo reach of 0.5: 3 sd of a 500-draw Bernoulli mean
        // is 3·√(0.25/500) ≈ 0.067. At most those rows can disagree.
        float[,] outcomes = model.SamplePredictive(Seed.TestX, draws, 500, seed);
        int disagree = 0;
        int nearBoundary = 0;
        for (int r = 0; r < test.Rows; r++)
        {
            double share = 0;
            for (int k = 0; k < 500; k++)
            {
                share += outcomes[k, r];
            }

            share /= 500;
            disagree += (share > 0.5) != (test.Mean[r] > 0.5) ? 1 : 0;
            nearBoundary += Math.Abs(test.Mean[r] - 0.5) < 3 * Math.Sqrt(0.25 / 500) ? 1 : 0;
        }

        Assert.True(disagree <= nearBoundary, $"{disagree} rows disagree between recipes, only {nearBoundary} near the boundary");
    }

    [Fact]
    public void Same_seed_same_numbers_different_seed_different_numbers()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        var options = new AdviOptions { Iterations = 3_000, Seed = 42 };
        AdviFit<float> first = model.Fit(options);
        AdviFit<float> second = model.Fit(options);
        AdviFit<float> other = model.Fit(options with { Seed = 43 });
        Assert.Equal(first.Mean.ToArray(), second.Mean.ToArray());
        Assert.Equal(first.Rho.ToArray(), second.Rho.ToArray());
        Assert.Equal(first.Elbo, second.Elbo);
        Assert.Equal(first.Sample(100).Values.ToArray(), second.Sample(100).Values.ToArray());
        Assert.NotEqual(first.Mean.ToArray(), other.Mean.ToArray());
    }

    [Fact]
    public void Mean_field_recovers_the_exact_gaussian_posterior_of_a_linear_regression()
    {
        // y = 1.5·x₀ − 0.8·x₁ + 0.3 + N(0, 0.7²), prior N(0, 3²) on every coefficient. The posterior is Gaussian
        // with precision Λ = XᵀX/σ² + I/τ² (X with a column of ones) and mean Λ⁻¹Xᵀy/σ². For a Gaussian target the
        // optimal mean-field q has the exact mean and variances 1/Λᵢᵢ (Bishop 2006, §10.1.2).
        const int rows = 200;
        const double sigma = 0.7;
        const double tau = 3;
        var rng = new Random.Rng(5);
        var x = new double[rows, 2];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal() + (0.5 * x[r, 0]);
            y[r] = (1.5 * x[r, 0]) - (0.8 * x[r, 1]) + 0.3 + (sigma * rng.NextNormal());
        }

        // Layout: Line.Weights [2×1] at 0..2, Line.Bias at 2.
        var precision = new double[3, 3];
        var b = new double[3];
        for (int r = 0; r < rows; r++)
        {
            double[] row = [x[r, 0], x[r, 1], 1];
            for (int i = 0; i < 3; i++)
            {
                b[i] += row[i] * y[r] / (sigma * sigma);
                for (int j = 0; j < 3; j++)
                {
                    precision[i, j] += row[i] * row[j] / (sigma * sigma);
                }
            }
        }

        for (int i = 0; i < 3; i++)
        {
            precision[i, i] += 1 / (tau * tau);
        }

        double[] mean = Inference.LinearAlgebra.Solve(precision, b);

        var model = new LinearRegression(x, y);
        AdviFit<double> fit = model.Fit(new AdviOptions { Iterations = 30_000, Seed = 9, GradientSamples = 10 });
        double[] sd = fit.StandardDeviation();
        for (int i = 0; i < 3; i++)
        {
            double exactSd = 1 / Math.Sqrt(precision[i, i]);
            output.WriteLine($"θ{i}: mean {fit.Mean[i]:F4} vs {mean[i]:F4}, sd {sd[i]:F4} vs {exactSd:F4}");

            // Adam at rate 0.01 keeps jittering by about its step size around the optimum, and the 10-draw gradient
            // estimate adds noise of order exactSd/√10 per step that Adam's averaging damps: allow 0.02 on the mean
            // (≈ ½ posterior sd here) and 15 % on the sd.
            Assert.True(Math.Abs(fit.Mean[i] - mean[i]) < 0.02, $"θ{i}: mean {fit.Mean[i]} vs exact {mean[i]}");
            Assert.True(Math.Abs((sd[i] / exactSd) - 1) < 0.15, $"θ{i}: sd {sd[i]} vs exact {exactSd}");
        }
    }
}

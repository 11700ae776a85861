using ModelGen.Batches;
using ModelGen.Data;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;
using Xunit.Abstractions;

namespace ModelGen.EndToEnd.Tests;

/// <summary>Minibatch ADVI: the seed notebook's last experiment, the N / b scale, sources and their errors.</summary>
public sealed class MinibatchTests(ITestOutputHelper output)
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Batches_of_50_reach_the_full_batch_accuracy_and_predictions(ulong seed)
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        var options = new AdviOptions { Iterations = 50_000, Seed = seed };
        PosteriorPredictive full = model.Predict(Seed.TestX, model.Fit(options).Sample(5_000));

        // The notebook's create_minibatch: 50 rows drawn with replacement each step, likelihood × 500 / 50.
        AdviFit<float> fit = new SeedFloat().Fit(InMemoryBatches<float>.WithReplacement(Seed.TrainX, Seed.TrainY, 50, seed), options);
        Assert.Equal(StopReason.IterationLimit, fit.StopReason);
        PosteriorPredictive mini = model.Predict(Seed.TestX, fit.Sample(5_000));

        double accuracy = mini.Accuracy<float>(Seed.TestY);
        double gap = 0;
        double spread = 0;
        for (int r = 0; r < mini.Rows; r++)
        {
            gap += Math.Abs(mini.Mean[r] - full.Mean[r]);
            spread += (mini.StandardDeviation[r] + full.StandardDeviation[r]) / 2;
        }

        gap /= mini.Rows;
        spread /= mini.Rows;
        output.WriteLine($"seed {seed}: minibatch {accuracy:P1}, full {full.Accuracy<float>(Seed.TestY):P1}; mean |Δp| {gap:F4}, mean predictive sd {spread:F4}");
        Assert.True(accuracy >= 0.94, $"minibatch held-out accuracy {accuracy:P1}");

        // The two fits' predictive probabilities may differ by noise and by which (symmetric) optimum each found;
        // they must differ by less than the posterior's own predictive uncertainty (the mean sd over the draws).
        // A mis-scaled likelihood (×1 instead of ×10) widens the posterior and moves p toward 0.5 by far more.
        Assert.True(gap < spread, $"mean |Δp| {gap:F4} is not below the mean predictive sd {spread:F4}");
    }

    [Fact]
    public void Minibatch_posterior_of_a_linear_regression_has_the_exact_sds_and_a_wrong_scale_would_not()
    {
        (double[,] x, double[] y, double[] exactSd) = LinearRegressionData();
        var options = new AdviOptions { Iterations = 30_000, Seed = 4, GradientSamples = 4 };
        AdviFit<double> fit = new LinearRegression().Fit(InMemoryBatches<double>.Epochs(x, y, 20, 4), options);
        AdviFit<double> misScaled = new LinearRegression().Fit(new LyingTotal(InMemoryBatches<double>.Epochs(x, y, 20, 4)), options);
        double[] sd = fit.StandardDeviation();
        double[] wrong = misScaled.StandardDeviation();
        for (int i = 0; i < 3; i++)
        {
            output.WriteLine($"θ{i}: sd {sd[i]:F4}, mis-scaled {wrong[i]:F4}, exact {exactSd[i]:F4}");

            // Batch noise (20 of 200 rows) adds to the gradient noise of the full-batch test, whose bound was 15 %; a
            // likelihood scaled ×1 instead of ×10 gives sds near √10 ≈ 3.2 times too large.
            Assert.True(Math.Abs((sd[i] / exactSd[i]) - 1) < 0.25, $"θ{i}: minibatch sd {sd[i]} vs exact {exactSd[i]}");
            Assert.True(wrong[i] / exactSd[i] > 2, $"θ{i}: the mis-scaled fit's sd {wrong[i]} should be far from exact {exactSd[i]}");
        }
    }

    [Fact]
    public void Minibatch_steps_allocate_nothing()
    {
        AdviOptions shortRun = new() { Iterations = 500, Seed = 3, ElboEvery = int.MaxValue, ElboSamples = 10 };
        AdviOptions longRun = shortRun with { Iterations = 5500 };
        long Run(AdviOptions o)
        {
            var source = InMemoryBatches<float>.WithReplacement(Seed.TrainX, Seed.TrainY, 50, 1);
            var shuffled = InMemoryBatches<float>.Epochs(Seed.TrainX, Seed.TrainY, 64, 1);
            var model = new SeedFloat();
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.Fit(source, o);
            model.Fit(shuffled, o);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Run(shortRun);
        Run(longRun);
        Assert.Equal(Run(shortRun), Run(longRun));
    }

    [Fact]
    public void A_source_that_ends_early_keeps_the_partial_fit_and_an_empty_one_is_an_error()
    {
        // 500 rows in batches of 64: 8 batches per epoch; two epochs give 16 steps.
        var source = InMemoryBatches<float>.Epochs(Seed.TrainX, Seed.TrainY, 64, 5, epochs: 2);
        AdviFit<float> fit = new SeedFloat().Fit(source, new AdviOptions { Iterations = 100, Seed = 1, ElboEvery = 5 });
        Assert.Equal(StopReason.DataExhausted, fit.StopReason);
        Assert.Equal(16, fit.Iterations);
        Assert.Contains("16 of 100", fit.Message, StringComparison.Ordinal);
        Assert.Equal(100, fit.Sample(100).Count);

        var e = Assert.Throws<InvalidOperationException>(() => new SeedFloat().Fit(source, new AdviOptions { Iterations = 10, Seed = 1 }));
        Assert.Contains("no batch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_that_does_not_fit_the_model_is_reported()
    {
        var wide = new float[10, 3];
        var e = Assert.Throws<ArgumentException>(() => new SeedFloat().Fit(InMemoryBatches<float>.WithReplacement(wide, new float[10], 5, 1)));
        Assert.Contains("3 feature(s)", e.Message, StringComparison.Ordinal);

        // A label of 2 arrives only with its batch: the model checks every batch before using it.
        (float[,] x, float[] y) = (Seed.TrainX, (float[])Seed.TrainY.Clone());
        y[17] = 2;
        var bad = Assert.Throws<ModelDataException>(() => new SeedFloat().Fit(InMemoryBatches<float>.Epochs(x, y, 500, 1), new AdviOptions { Iterations = 3, Seed = 1 }));
        Assert.Equal("Y", bad.Element);
        Assert.Contains("Bernoulli", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_rows_says_how_to_get_some()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new SeedFloat().LogDensity(new float[SeedFloat.ParameterCount]));
        Assert.Contains("no rows bound", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The same data as the full-batch conjugate test, and the exact mean-field sds 1/√Λᵢᵢ.</summary>
    private static (double[,] X, double[] Y, double[] ExactSd) LinearRegressionData()
    {
        const int rows = 200;
        const double sigma = 0.7;
        const double tau = 3;
        var rng = new Random.Rng(5);
        var x = new double[rows, 2];
        var y = new double[rows];
        var diagonal = new double[3];
        for (int r = 0; r < rows; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal() + (0.5 * x[r, 0]);
            y[r] = (1.5 * x[r, 0]) - (0.8 * x[r, 1]) + 0.3 + (sigma * rng.NextNormal());
            diagonal[0] += x[r, 0] * x[r, 0] / (sigma * sigma);
            diagonal[1] += x[r, 1] * x[r, 1] / (sigma * sigma);
            diagonal[2] += 1 / (sigma * sigma);
        }

        return (x, y, diagonal.Select(d => 1 / Math.Sqrt(d + (1 / (tau * tau)))).ToArray());
    }

    /// <summary>A source that under-reports the data set as one batch: the mistake PyMC users make with total_size.</summary>
    private sealed class LyingTotal(IBatchSource<double> inner) : IBatchSource<double>
    {
        public long TotalRows => inner.BatchSize;

        public int BatchSize => inner.BatchSize;

        public int Features => inner.Features;

        public int Next(BatchBuffer<double> batch) => inner.Next(batch);
    }
}

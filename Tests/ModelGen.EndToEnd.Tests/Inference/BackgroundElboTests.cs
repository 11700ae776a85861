using System.Collections.Concurrent;
using ModelGen.Batches;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.EndToEnd.Tests.Support;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.EndToEnd.Tests.Inference;

/// <summary>
/// AdviOptions.ElboInBackground: the ELBO estimates' log densities run on a second thread while the steps go on, and the fit is
/// the sequential fit bit for bit (parameters, ELBO trace, iterations, stop reason, message), whatever stops it; no thread
/// outlives the fit, and an exception or a cancellation surfaces as it does without the thread.
/// </summary>
public sealed class BackgroundElboTests
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    private static readonly ModelInfo QuadraticInfo = new("Quadratic", "double", new[] { new ParameterBlock("Theta", 0, new EquatableShape(3), "Normal(0, 1)") });

    [Fact]
    public void The_seed_network_default_fit_is_the_same_bit_for_bit()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AssertSameEitherWay(o => model.Fit(o), new AdviOptions { MaxIterations = 4_000, Seed = 1 });
    }

    [Fact]
    public void A_fit_stopped_by_stans_rule_is_the_same_bit_for_bit_at_the_same_iteration()
    {
        // Stan's relative-ELBO rule at a loose tolerance stops the seed network long before its cap: the background fit has
        // run steps past the estimate that stopped it and must come back to that iteration.
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviFit<float> fit = AssertSameEitherWay(o => model.Fit(o), AdviOptions.Legacy with { Seed = 2, Convergence = new RelativeElboChange(0.05) });
        Assert.True(fit.Iterations < 10_000 && fit.Iterations % 100 == 0, $"stopped at {fit.Iterations}: {fit.Message}");
    }

    [Fact]
    public void A_regression_stopped_by_the_default_rule_is_the_same_bit_for_bit()
    {
        (double[,] x, double[] y) = Regression();
        var model = new LinearRegression(x, y);
        AdviFit<double> fit = AssertSameEitherWay(o => model.Fit(o), new AdviOptions { Seed = 3 });
        Assert.True(fit.StopReason is StopReason.Converged or StopReason.ChecksFailed, $"{fit.StopReason}: {fit.Message}");
        Assert.True(fit.Iterations < 50_000, $"stopped at {fit.Iterations}");
    }

    [Fact]
    public void A_full_rank_regression_is_the_same_bit_for_bit()
    {
        (double[,] x, double[] y) = Regression();
        var model = new LinearRegression(x, y);
        AssertSameEitherWay(o => model.Fit(o), new AdviOptions { Seed = 4, Family = VariationalFamily.FullRank, MaxIterations = 6_000 });
    }

    [Fact]
    public void Eight_schools_is_the_same_bit_for_bit()
    {
        (double[,] x, double[] y) = ModelCase.GroupData("EightSchoolsNonCentred");
        var model = new EightSchoolsNonCentred(x, y);
        AssertSameEitherWay(o => model.Fit(o), new AdviOptions { Seed = 5, MaxIterations = 8_000 });
        AssertSameEitherWay(o => model.Fit(o), new AdviOptions { Seed = 5, Iterations = 3_000, AverageLast = 1_000, ElboEvery = 70 });
    }

    [Fact]
    public void A_minibatch_fit_is_the_same_bit_for_bit()
    {
        // A minibatch density's batches are not shared with another thread: the option leaves such a fit sequential.
        AssertSameEitherWay(o => new SeedFloat().Fit(InMemoryBatches<float>.WithReplacement(Seed.TrainX, Seed.TrainY, 50, 6), o), new AdviOptions { Iterations = 3_000, Seed = 6 });
    }

    [Fact]
    public void A_fit_stopped_by_non_finite_estimates_is_the_same_bit_for_bit()
    {
        // log p is NaN wherever θ₀ > 2 (its gradient stays finite, pulling θ₀ towards 5): the estimates turn non-finite, the fit
        // goes back to its last good state three times with smaller steps, then stops as diverged.
        AdviFit<double> fit = AssertSameEitherWay(
            o =>
            {
                var density = new Quadratic(null, null, nanAbove: 2);
                return Advi.Fit<Quadratic, double>(ref density, new QuadraticModel(), o);
            },
            new AdviOptions { Iterations = 20_000, Seed = 7, ElboEvery = 100, ParetoKDraws = 0, Optimizer = new Optimizers.Adam(0.5) });
        Assert.Contains("non-finite ELBO", fit.Message, StringComparison.Ordinal);
        Assert.Equal(StopReason.Diverged, fit.StopReason);
    }

    [Fact]
    public void The_estimates_run_on_a_second_thread_that_ends_with_the_fit()
    {
        // Steps of ~50 µs (the gradient spins) leave the second thread ~5 ms to start each estimate; one it has not started when
        // the fit needs it, the fit's thread evaluates itself (a machine with no idle core), so only "some" is certain.
        var threads = new ConcurrentDictionary<Thread, int>();
        var options = new AdviOptions { Iterations = 2_000, Seed = 8, ParetoKDraws = 0 };
        var density = new Quadratic(threads, null, nanAbove: double.PositiveInfinity, slowGradient: true);
        Advi.Fit<Quadratic, double>(ref density, new QuadraticModel(), options);
        Thread worker = Assert.Single(threads.Keys, t => t != Thread.CurrentThread);
        Assert.False(worker.IsAlive, "the estimates' thread is still running after the fit returned");
        Assert.Equal(20 * 100, threads.Values.Sum());
        Assert.Equal(0, threads[worker] % 100);

        threads.Clear();
        Advi.Fit<Quadratic, double>(ref density, new QuadraticModel(), options with { ElboInBackground = false });
        Assert.Equal(new[] { Thread.CurrentThread }, threads.Keys.ToArray());
    }

    [Fact]
    public void An_estimate_that_throws_surfaces_as_the_sequential_fits_exception()
    {
        var options = new AdviOptions { Iterations = 2_000, Seed = 9, ParetoKDraws = 0 };
        var threads = new ConcurrentDictionary<Thread, int>();
        var density = new Quadratic(threads, new int[1], nanAbove: double.PositiveInfinity);
        var background = Assert.Throws<InvalidOperationException>(() => Advi.Fit<Quadratic, double>(ref density, new QuadraticModel(), options));
        Assert.All(threads.Keys, t => Assert.True(t == Thread.CurrentThread || !t.IsAlive, "a thread outlived the fit"));

        density = new Quadratic(null, new int[1], nanAbove: double.PositiveInfinity);
        var sequential = Assert.Throws<InvalidOperationException>(() => Advi.Fit<Quadratic, double>(ref density, new QuadraticModel(), options with { ElboInBackground = false }));
        Assert.Equal(sequential.Message, background.Message);
        Assert.Contains("call 550", background.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fit_cancelled_from_its_progress_report_stops_at_that_estimate_either_way()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        AdviFit<float> Cancelled(bool background)
        {
            using var cancel = new CancellationTokenSource();
            var options = new AdviOptions { Iterations = 5_000, Seed = 10, ElboInBackground = background, Progress = new CancelAt(1_300, cancel) };
            return model.Fit(options, cancel.Token);
        }

        AdviFit<float> on = Cancelled(true);
        AdviFit<float> off = Cancelled(false);
        Assert.Equal(StopReason.Cancelled, on.StopReason);
        Assert.Equal(1_300, on.Iterations);
        AssertSame(off, on);
    }

    [Fact]
    public void A_fit_cancelled_and_resumed_from_its_checkpoint_is_the_sequential_fit()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        var store = new MemoryStore();
        var options = new AdviOptions { MaxIterations = 3_000, Seed = 11, ParetoKDraws = 0, Checkpoint = new CheckpointOptions(store, every: 500) };
        using (var cancel = new CancellationTokenSource())
        {
            Assert.Equal(StopReason.Cancelled, model.Fit(options with { Progress = new CancelAt(1_700, cancel) }, cancel.Token).StopReason);
        }

        AdviFit<float> resumed = model.Fit(options);
        AdviFit<float> straight = model.Fit(options with { Checkpoint = null, ElboInBackground = false });
        Assert.Equal(straight.Iterations, resumed.Iterations);
        Assert.Equal(straight.Mean.ToArray(), resumed.Mean.ToArray());
        Assert.Equal(straight.Rho.ToArray(), resumed.Rho.ToArray());
        Assert.Equal(straight.Elbo, resumed.Elbo);
    }

    /// <summary>Fits with the estimates in the background and without, and checks the two results are one; returns it.</summary>
    private static AdviFit<T> AssertSameEitherWay<T>(Func<AdviOptions, AdviFit<T>> fit, AdviOptions options)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        AdviFit<T> off = fit(options with { ElboInBackground = false });
        AdviFit<T> on = fit(options with { ElboInBackground = true });
        AssertSame(off, on);
        return on;
    }

    private static void AssertSame<T>(AdviFit<T> expected, AdviFit<T> actual)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.StopReason, actual.StopReason);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.Mean.ToArray(), actual.Mean.ToArray());
        Assert.Equal(expected.Rho.ToArray(), actual.Rho.ToArray());
        Assert.Equal(expected.CholeskyFactor(), actual.CholeskyFactor());
        Assert.Equal(expected.Elbo, actual.Elbo);
        Assert.Equal(expected.GradientEvaluations, actual.GradientEvaluations);
        Assert.Equal(expected.ParetoK, actual.ParetoK);
    }

    /// <summary>200 rows of y = 1 + 2x₀ − x₁ + N(0, 0.7²).</summary>
    private static (double[,] X, double[] Y) Regression()
    {
        var rng = new Random.Rng(12);
        var x = new double[200, 2];
        var y = new double[200];
        for (int r = 0; r < 200; r++)
        {
            x[r, 0] = rng.NextNormal();
            x[r, 1] = rng.NextNormal();
            y[r] = 1 + (2 * x[r, 0]) - x[r, 1] + (0.7 * rng.NextNormal());
        }

        return (x, y);
    }

    /// <summary>
    /// log p = −½ Σ (θᵢ − 5)², NaN where θ₀ &gt; <paramref name="nanAbove"/>; counts its value calls per thread when given
    /// <paramref name="threads"/>, throws on the 550th value call when given <paramref name="calls"/>, and spends 50 µs on each
    /// gradient when <paramref name="slowGradient"/>.
    /// </summary>
    private readonly struct Quadratic(ConcurrentDictionary<Thread, int>? threads, int[]? calls, double nanAbove, bool slowGradient = false) : ILogDensity<double>
    {
        public int Dimension => 3;

        public double LogDensity(ReadOnlySpan<double> theta)
        {
            threads?.AddOrUpdate(Thread.CurrentThread, 1, (_, c) => c + 1);
            if (calls is not null && Interlocked.Increment(ref calls[0]) == 550)
            {
                throw new InvalidOperationException("The density failed at value call 550.");
            }

            if (theta[0] > nanAbove)
            {
                return double.NaN;
            }

            double sum = 0;
            for (int i = 0; i < 3; i++)
            {
                sum += -0.5 * (theta[i] - 5) * (theta[i] - 5);
            }

            return sum;
        }

        public void Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            if (slowGradient)
            {
                long until = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency / 20_000);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                    Thread.SpinWait(10);
                }
            }

            for (int i = 0; i < 3; i++)
            {
                gradient[i] = 5 - theta[i];
            }
        }

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            Gradient(theta, gradient);
            return LogDensity(theta);
        }

        public bool NextBatch() => true;
    }

    private sealed class QuadraticModel : IModel<double>
    {
        public ModelInfo Info => QuadraticInfo;

        public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> constrained) => unconstrained.CopyTo(constrained);
    }

    private sealed class CancelAt(int iteration, CancellationTokenSource source) : IProgress<AdviProgress>
    {
        public void Report(AdviProgress value)
        {
            if (value.Iteration == iteration)
            {
                source.Cancel();
            }
        }
    }

    private sealed class MemoryStore : ICheckpointStore
    {
        private byte[]? _bytes;

        public string Name => "memory";

        public byte[]? Read() => _bytes?.ToArray();

        public void Write(ReadOnlySpan<byte> checkpoint) => _bytes = checkpoint.ToArray();
    }
}

using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Samples.Moons;
using ModelGen.Tests.Shared;

namespace ModelGen.EndToEnd.Tests;

/// <summary>After binding, neither the gradient nor an ADVI step allocates.</summary>
public sealed class AllocationTests
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    [Fact]
    public void Gradient_allocates_nothing_float()
    {
        var model = new SeedFloat(Seed.TrainX, Seed.TrainY);
        var theta = new float[SeedFloat.ParameterCount];
        var gradient = new float[theta.Length];
        AssertEvaluationsAllocateNothing(() =>
        {
            model.Gradient(theta, gradient);
            model.LogDensityGradient(theta, gradient);
            model.LogDensity(theta);
        });
    }

    [Fact]
    public void Categorical_gradient_allocates_nothing()
    {
        (double[,] x, double[] y) = Support.ModelCase.Classes(seed: 29, classes: 3);
        var model = new CategoricalNet(x, y);
        var theta = new double[CategoricalNet.ParameterCount];
        var gradient = new double[theta.Length];
        AssertEvaluationsAllocateNothing(() =>
        {
            model.Gradient(theta, gradient);
            model.LogDensityGradient(theta, gradient);
            model.LogDensity(theta);
        });
    }

    [Fact]
    public void Group_gathers_and_scatters_allocate_nothing()
    {
        (double[,] x, double[] y) = Support.ModelCase.GroupData("Radon");
        var model = new Radon(x, y);
        var theta = new double[Radon.ParameterCount];
        var gradient = new double[theta.Length];
        AssertEvaluationsAllocateNothing(() =>
        {
            model.Gradient(theta, gradient);
            model.LogDensityGradient(theta, gradient);
            model.LogDensity(theta);
        });
    }

    /// <summary>One warm-up call, then 2,000 more that must allocate nothing on this thread.</summary>
    private static void AssertEvaluationsAllocateNothing(Action evaluate)
    {
        evaluate();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++)
        {
            evaluate();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Advi_steps_allocate_nothing_float() => AssertStepsAllocateNothing(o => new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(o));

    [Fact]
    public void Advi_steps_allocate_nothing_double()
    {
        double[,] x = new double[Seed.TrainY.Length, 2];
        for (int r = 0; r < Seed.TrainY.Length; r++)
        {
            x[r, 0] = Seed.TrainX[r, 0];
            x[r, 1] = Seed.TrainX[r, 1];
        }

        double[] y = Seed.TrainY.Select(v => (double)v).ToArray();
        AssertStepsAllocateNothing(o => new SeedDouble(x, y).Fit(o));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Advi_steps_and_estimates_allocate_nothing_on_the_fits_thread(bool background)
    {
        // Between the 10th and the 50th ELBO estimate (each taken on the fit's thread, in the background or not), the fit's
        // thread allocates nothing: 4,000 steps and 40 estimates, their ε, their hand-over and their bookkeeping.
        var allocated = new long[51];
        var progress = new AllocatedAt(allocated);
        new SeedFloat(Seed.TrainX, Seed.TrainY).Fit(new AdviOptions { Iterations = 5_000, Seed = 3, ElboEvery = 100, ParetoKDraws = 0, ElboInBackground = background, Progress = progress });
        Assert.Equal(0, allocated[50] - allocated[10]);
    }

    private sealed class AllocatedAt(long[] bytes) : IProgress<AdviProgress>
    {
        public void Report(AdviProgress value) => bytes[value.Iteration / 100] = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>
    /// A fit allocates its buffers once, up front. Two fits that differ only in their number of steps
    /// must then allocate exactly the same bytes: every extra step allocated nothing.
    /// </summary>
    private static void AssertStepsAllocateNothing<T>(Func<AdviOptions, T> fit)
    {
        // ElboEvery beyond the run, so both fits estimate the ELBO once (after the last step) and keep equal-size traces.
        // No k̂ after the fit (ParetoKDraws = 0): it is not a step, and its allocations depend on how good the fitted q
        // is (a draw where log p is not finite is reported in the message), which the two run lengths change.
        var shortRun = new AdviOptions { Iterations = 500, Seed = 3, ElboEvery = int.MaxValue, ElboSamples = 10, ParetoKDraws = 0 };
        AdviOptions longRun = shortRun with { Iterations = 5500 };
        StepAllocations.AssertEqual(() => fit(shortRun), () => fit(longRun));
    }
}

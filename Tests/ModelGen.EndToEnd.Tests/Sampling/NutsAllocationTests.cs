using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Samples.Moons;
using ModelGen.Sampling;

namespace ModelGen.EndToEnd.Tests.Sampling;

/// <summary>After warm-up a NUTS transition (every leapfrog step, the tree and the multinomial choices) allocates nothing.</summary>
public sealed class NutsAllocationTests
{
    private static readonly MoonsData Seed = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));

    [Fact]
    public void Transitions_on_the_seed_model_allocate_nothing()
    {
        var density = new SeedDensity(new SeedFloat(Seed.TrainX, Seed.TrainY));
        var chain = new NutsChain<SeedDensity, float>(density, SeedFloat.ParameterCount, 10, new Rng(4), default);
        Assert.True(chain.TrySetPosition(new double[SeedFloat.ParameterCount]));
        chain.StepSize = 1;
        chain.InitializeStepSize();
        var adaptation = new StepSizeAdaptation(0.8, 0.05, 0.75, 10);
        adaptation.SetMu(Math.Log(10 * chain.StepSize));
        for (int i = 0; i < 200; i++)
        {
            chain.Transition();
            chain.StepSize = adaptation.Learn(chain.AcceptStat);
        }

        chain.StepSize = adaptation.Final;
        long leapfrogs = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            chain.Transition();
            leapfrogs += chain.Leapfrogs;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);

        // The transitions did real work: trees of several steps.
        Assert.True(leapfrogs > 200 * 3, $"{leapfrogs} leapfrog steps in 200 transitions");
    }

    /// <summary>The seed model's public density, as the sampler's density struct.</summary>
    private readonly struct SeedDensity(SeedFloat model) : ILogDensity<float>
    {
        public int Dimension => SeedFloat.ParameterCount;

        public float LogDensity(ReadOnlySpan<float> theta) => model.LogDensity(theta);

        public void Gradient(ReadOnlySpan<float> theta, Span<float> gradient) => model.Gradient(theta, gradient);

        public float LogDensityGradient(ReadOnlySpan<float> theta, Span<float> gradient) => model.LogDensityGradient(theta, gradient);

        public bool NextBatch() => true;
    }
}

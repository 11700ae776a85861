using BenchmarkDotNet.Attributes;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.Benchmarks;

/// <summary>
/// One ADVI step: draw ε, θ = μ + σ(ρ)·ε, the gradient, the chain rule into (μ, ρ) and the Adam update.
/// There is no public single-step API, so each invocation is a whole fit of <see cref="Steps"/> iterations
/// and BenchmarkDotNet divides by OperationsPerInvoke. ElboEvery = int.MaxValue with ElboSamples = 1
/// leaves a single one-draw ELBO estimate (at the last iteration) and the fit's setup (a few arrays of 2·40
/// values, the result) spread over the steps: well under 0.1% of the time. ParetoKDraws = 0: the k̂ a fit reports at
/// the end (1,000 log densities) is not part of a step.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class AdviStepBenchmarks
{
    /// <summary>Iterations per fit at N = 500.</summary>
    public const int Steps = 2000;

    /// <summary>Iterations per fit at N = 50,000, where a step is ~100× dearer.</summary>
    public const int LargeSteps = 200;

    private static readonly AdviOptions s_options = new() { Iterations = Steps, Seed = 1, ElboEvery = int.MaxValue, ElboSamples = 1, ParetoKDraws = 0 };
    private static readonly AdviOptions s_largeOptions = s_options with { Iterations = LargeSteps };

    private MoonsNetworkSingle _single = null!;
    private MoonsNetworkDouble _double = null!;
    private MoonsNetworkSingle _large = null!;
    private MoonsNetworkSingle _unbound = null!;
    private MoonsData _seed = null!;

    [GlobalSetup]
    public void Setup()
    {
        MoonsData seed = MoonsFixture.Seed();
        _seed = seed;
        _unbound = new MoonsNetworkSingle();
        _single = new MoonsNetworkSingle(seed.TrainX, seed.TrainY);
        _double = new MoonsNetworkDouble(MoonsFixture.ToDouble(seed.TrainX), MoonsFixture.ToDouble(seed.TrainY));
        MoonsData large = MoonsFixture.Large();
        _large = new MoonsNetworkSingle(large.TrainX, large.TrainY);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps, Description = "ADVI step float, N=500")]
    public AdviFit<float> StepSingle() => _single.Fit(s_options);

    [Benchmark(OperationsPerInvoke = Steps, Description = "ADVI step double, N=500")]
    public AdviFit<double> StepDouble() => _double.Fit(s_options);

    /// <summary>
    /// The notebook's minibatch ADVI: batches of 50 rows drawn with replacement from the 500, gathered into the batch
    /// buffer and checked each step, the likelihood scaled by 500/50. A fresh source per invocation, same seed.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Steps, Description = "ADVI step float, batches of 50")]
    public AdviFit<float> StepMinibatch() =>
        _unbound.Fit(ModelGen.Batches.InMemoryBatches<float>.WithReplacement(_seed.TrainX, _seed.TrainY, batchSize: 50, seed: 2), s_options);

    [Benchmark(OperationsPerInvoke = LargeSteps, Description = "ADVI step float, N=50,000")]
    public AdviFit<float> StepSingleLarge() => _large.Fit(s_largeOptions);
}

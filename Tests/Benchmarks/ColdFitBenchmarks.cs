using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.Benchmarks;

/// <summary>
/// What Samples/Moons does: the first fit in a fresh process, 50,000 iterations on the seed data. Unlike
/// the steady-state benchmarks, this includes the JIT's warm-up (tier-0 code, then the optimized kernel)
/// and, with the default options, the ELBO estimates (100 draws every 100 iterations).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 3, iterationCount: 1)]
public class ColdFitBenchmarks
{
    /// <summary>The sample's iteration count.</summary>
    public const int Iterations = 50_000;

    private MoonsNetworkSingle _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        MoonsData seed = MoonsFixture.Seed();
        _model = new MoonsNetworkSingle(seed.TrainX, seed.TrainY);
    }

    [Benchmark(Baseline = true, Description = "Cold fit float, 50,000 its, default options")]
    public AdviFit<float> DefaultOptions() => _model.Fit(new AdviOptions { Iterations = Iterations, Seed = 1 });

    [Benchmark(Description = "Cold fit float, 50,000 its, no ELBO")]
    public AdviFit<float> NoElbo() => _model.Fit(new AdviOptions { Iterations = Iterations, Seed = 1, ElboEvery = int.MaxValue, ElboSamples = 1, ParetoKDraws = 0 });
}

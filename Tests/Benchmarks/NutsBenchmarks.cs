using BenchmarkDotNet.Attributes;
using ModelGen.Inference;
using ModelGen.Random;
using ModelGen.Samples.EightSchools;
using ModelGen.Samples.Moons;
using ModelGen.Sampling;

namespace ModelGen.Benchmarks;

/// <summary>
/// A NUTS leapfrog step with everything around it (the tree, the U-turn checks, the multinomial choices, the
/// metric), beside the gradient alone (<c>LogDensityGradient</c>, the call each leapfrog step makes) in the same
/// run: the seed network in float (N = 500) and eight schools (non-centred, double).
/// </summary>
/// <remarks>
/// A transition's length depends on the chain, so each invocation is one transition with a tree of a fixed size:
/// the step size is small enough (1e-4 on the seed model, 1e-3 on eight schools) that no U-turn or divergence ends
/// the tree before <see cref="Depth"/> doublings, i.e. exactly 2^Depth − 1 leapfrog steps (checked in the setup),
/// over which BenchmarkDotNet divides. A full tree has as many merges (U-turn checks, multinomial choices) as leaves,
/// the same proportion as the trees of a real run, so the figure is the per-step cost of a real transition.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class NutsBenchmarks
{
    /// <summary>Doublings per transition: 255 leapfrog steps (a seed-model run averages depth 7.8).</summary>
    public const int Depth = 8;

    /// <summary>Leapfrog steps per transition.</summary>
    public const int Steps = (1 << Depth) - 1;

    private MoonsNetworkSingle _seed = null!;
    private NonCentred _schools = null!;
    private NutsChain<SeedDensity, float> _seedChain = null!;
    private NutsChain<SchoolsDensity, double> _schoolsChain = null!;
    private float[] _seedTheta = [];
    private float[] _seedGradient = [];
    private double[] _schoolsTheta = [];
    private double[] _schoolsGradient = [];

    [GlobalSetup]
    public void Setup()
    {
        MoonsData seed = MoonsFixture.Seed();
        _seed = new MoonsNetworkSingle(seed.TrainX, seed.TrainY);
        _schools = new NonCentred(Rubin.Schools(), Rubin.Estimates);
        _seedTheta = MoonsFixture.Theta<float>(MoonsNetworkSingle.ParameterCount);
        _seedGradient = new float[_seedTheta.Length];
        _schoolsTheta = MoonsFixture.Theta<double>(NonCentred.ParameterCount);
        _schoolsGradient = new double[_schoolsTheta.Length];
        _seedChain = Chain<SeedDensity, float>(new SeedDensity(_seed), _seedTheta, 1e-4);
        _schoolsChain = Chain<SchoolsDensity, double>(new SchoolsDensity(_schools), _schoolsTheta, 1e-3);
    }

    [Benchmark(Baseline = true, Description = "seed float: gradient alone (LogDensityGradient)")]
    public float SeedGradient() => _seed.LogDensityGradient(_seedTheta, _seedGradient);

    [Benchmark(OperationsPerInvoke = Steps, Description = "seed float: NUTS leapfrog step")]
    public void SeedLeapfrog() => _seedChain.Transition();

    [Benchmark(Description = "eight schools double: gradient alone")]
    public double SchoolsGradient() => _schools.LogDensityGradient(_schoolsTheta, _schoolsGradient);

    [Benchmark(OperationsPerInvoke = Steps, Description = "eight schools double: NUTS leapfrog step")]
    public void SchoolsLeapfrog() => _schoolsChain.Transition();

    /// <summary>A chain at <paramref name="start"/> with step size <paramref name="stepSize"/>, checked to build full trees.</summary>
    private static NutsChain<TDensity, T> Chain<TDensity, T>(TDensity density, T[] start, double stepSize)
        where TDensity : struct, ILogDensity<T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var chain = new NutsChain<TDensity, T>(density, start.Length, Depth, new Rng(11), default);
        if (!chain.TrySetPosition(Array.ConvertAll(start, double.CreateTruncating)))
        {
            throw new InvalidOperationException("The benchmark's start has no finite log density.");
        }

        chain.StepSize = stepSize;
        for (int i = 0; i < 20; i++)
        {
            chain.Transition();
            if (chain.Leapfrogs != Steps)
            {
                throw new InvalidOperationException($"A transition took {chain.Leapfrogs} leapfrog steps, not {Steps}: the step size is too large for a fixed-size tree.");
            }
        }

        return chain;
    }

    /// <summary>The seed model's public density as the sampler's density struct.</summary>
    private readonly struct SeedDensity(MoonsNetworkSingle model) : ILogDensity<float>
    {
        public int Dimension => MoonsNetworkSingle.ParameterCount;

        public float LogDensity(ReadOnlySpan<float> theta) => model.LogDensity(theta);

        public void Gradient(ReadOnlySpan<float> theta, Span<float> gradient) => model.Gradient(theta, gradient);

        public float LogDensityGradient(ReadOnlySpan<float> theta, Span<float> gradient) => model.LogDensityGradient(theta, gradient);

        public bool NextBatch() => true;
    }

    /// <summary>Eight schools' public density as the sampler's density struct.</summary>
    private readonly struct SchoolsDensity(NonCentred model) : ILogDensity<double>
    {
        public int Dimension => NonCentred.ParameterCount;

        public double LogDensity(ReadOnlySpan<double> theta) => model.LogDensity(theta);

        public void Gradient(ReadOnlySpan<double> theta, Span<double> gradient) => model.Gradient(theta, gradient);

        public double LogDensityGradient(ReadOnlySpan<double> theta, Span<double> gradient) => model.LogDensityGradient(theta, gradient);

        public bool NextBatch() => true;
    }
}

using BenchmarkDotNet.Attributes;
using ModelGen.Samples.Moons;

namespace ModelGen.Benchmarks;

/// <summary>
/// One full-batch gradient ∇θ log p(θ, y) of the seed network at the widest accelerated width: the
/// 500 seed rows in float and double, and 50,000 generated rows in float; and the value-only pass an
/// ELBO estimate runs once per draw.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class GradientBenchmarks
{
    private MoonsNetworkSingle _single = null!;
    private MoonsNetworkDouble _double = null!;
    private MoonsNetworkSingle _large = null!;
    private MoonsNetworkSingle _largeTwoThreads = null!;
    private float[] _thetaSingle = [];
    private float[] _gradientSingle = [];
    private double[] _thetaDouble = [];
    private double[] _gradientDouble = [];

    [GlobalSetup]
    public void Setup()
    {
        MoonsData seed = MoonsFixture.Seed();
        _single = new MoonsNetworkSingle(seed.TrainX, seed.TrainY);
        _double = new MoonsNetworkDouble(MoonsFixture.ToDouble(seed.TrainX), MoonsFixture.ToDouble(seed.TrainY));
        MoonsData large = MoonsFixture.Large();
        _large = new MoonsNetworkSingle(large.TrainX, large.TrainY);
        _largeTwoThreads = new MoonsNetworkSingle(large.TrainX, large.TrainY) { MaxThreads = 2 };
        _thetaSingle = MoonsFixture.Theta<float>(MoonsNetworkSingle.ParameterCount);
        _gradientSingle = new float[MoonsNetworkSingle.ParameterCount];
        _thetaDouble = MoonsFixture.Theta<double>(MoonsNetworkDouble.ParameterCount);
        _gradientDouble = new double[MoonsNetworkDouble.ParameterCount];
    }

    [Benchmark(Baseline = true, Description = "Gradient float, N=500")]
    public void GradientSingle() => _single.Gradient(_thetaSingle, _gradientSingle);

    [Benchmark(Description = "Gradient double, N=500")]
    public void GradientDouble() => _double.Gradient(_thetaDouble, _gradientDouble);

    [Benchmark(Description = "Log density (value only) float, N=500")]
    public float LogDensitySingle() => _single.LogDensity(_thetaSingle);

    [Benchmark(Description = "Gradient float, N=50,000")]
    public void GradientSingleLarge() => _large.Gradient(_thetaSingle, _gradientSingle);

    /// <summary>The same rows in the chunked gradient's fixed 4,096-row chunks on two threads (same bits as one).</summary>
    [Benchmark(Description = "Gradient float, N=50,000, 2 threads")]
    public void GradientSingleLargeTwoThreads() => _largeTwoThreads.Gradient(_thetaSingle, _gradientSingle);
}

using BenchmarkDotNet.Attributes;
using ModelGen.Samples.Moons;
using ModelGen.Simd;

namespace ModelGen.Benchmarks;

/// <summary>
/// The float gradient at N = 500 at each register width. A width the CPU lacks still runs, emulated in
/// software, so on an AVX2-only machine the Vector512 row measures the emulation, not AVX-512.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class SimdWidthBenchmarks
{
    private MoonsNetworkSingle _model = null!;
    private float[] _theta = [];
    private float[] _gradient = [];

    [Params(SimdWidth.Vector512, SimdWidth.Vector256, SimdWidth.Vector128, SimdWidth.Scalar)]
    public SimdWidth Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        MoonsData seed = MoonsFixture.Seed();
        _model = new MoonsNetworkSingle(seed.TrainX, seed.TrainY) { SimdWidth = Width };
        _theta = MoonsFixture.Theta<float>(MoonsNetworkSingle.ParameterCount);
        _gradient = new float[MoonsNetworkSingle.ParameterCount];
    }

    [Benchmark(Description = "Gradient float, N=500")]
    public void Gradient() => _model.Gradient(_theta, _gradient);
}

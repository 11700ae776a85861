using BenchmarkDotNet.Attributes;
using ModelGen.Samples.Moons;

namespace ModelGen.Benchmarks;

/// <summary>A 2-32-32-1 tanh network (1,152 weights): the seed's shape, six times as wide.</summary>
[Model<float>]
public partial class Wide32
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 32, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

    [Dense(nameof(Hidden1), 32, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }

    [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>
/// Issue #6's table: the float gradient of 2-w-w-1 tanh networks (w = 5, the seed; w = 32 and 128, tiled) at N = 50,
/// 500, 5,000 and 50,000 rows of make_moons, at the widest accelerated width. Per row the gradient does 2w + w² + w
/// multiply-adds forward and twice that backward (6·(3w + w²) flops) and 2w tanh: docs/performance.md turns the
/// times into GFLOP/s.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class ScalingBenchmarks
{
    private MoonsNetworkSingle _seed = null!;
    private Wide32 _wide = null!;
    private float[] _seedTheta = [];
    private float[] _seedGradient = [];
    private float[] _wideTheta = [];
    private float[] _wideGradient = [];
    private Wide128 _wider = null!;
    private float[] _widerTheta = [];
    private float[] _widerGradient = [];

    [Params(50, 500, 5_000, 50_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        MoonsData data = MoonsData.Generate(2 * Rows, noise: 0.2, seed: 3);
        _seed = new MoonsNetworkSingle(data.TrainX, data.TrainY);
        _wide = new Wide32(data.TrainX, data.TrainY);
        _seedTheta = MoonsFixture.Theta<float>(MoonsNetworkSingle.ParameterCount);
        _seedGradient = new float[MoonsNetworkSingle.ParameterCount];

        // Weights ~ N(0, 1/32) keep the wide layers' tanh units out of saturation, as a fit's would be.
        _wideTheta = [.. MoonsFixture.Theta<float>(Wide32.ParameterCount).Select(t => t / MathF.Sqrt(32))];
        _wideGradient = new float[Wide32.ParameterCount];
        _wider = new Wide128(data.TrainX, data.TrainY);
        _widerTheta = [.. MoonsFixture.Theta<float>(Wide128.ParameterCount).Select(t => t / MathF.Sqrt(128))];
        _widerGradient = new float[Wide128.ParameterCount];
    }

    [Benchmark(Baseline = true, Description = "Gradient float, 2-5-5-1")]
    public void Seed() => _seed.Gradient(_seedTheta, _seedGradient);

    [Benchmark(Description = "Gradient float, 2-32-32-1")]
    public void Wide() => _wide.Gradient(_wideTheta, _wideGradient);

    [Benchmark(Description = "Gradient float, 2-128-128-1")]
    public void Wider() => _wider.Gradient(_widerTheta, _widerGradient);
}

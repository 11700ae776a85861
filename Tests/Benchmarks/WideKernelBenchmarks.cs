using BenchmarkDotNet.Attributes;
using ModelGen.Samples.Moons;

namespace ModelGen.Benchmarks;

/// <summary>
/// Issue #6's comparison for wide layers: the same float gradient of 2-w-w-1 (w = 32, 128) at N = 500, by the generated
/// tiled kernel, by a hand-written row-at-a-time <c>TensorPrimitives</c> version, and by a naive scalar triple loop
/// (<see cref="HandWrittenNetwork"/>). Setup checks the three agree before anything is timed.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 6)]
public class WideKernelBenchmarks
{
    private const int Rows = 500;

    private Wide32 _wide32 = null!;
    private Wide128 _wide128 = null!;
    private HandWrittenNetwork _hand32 = null!;
    private HandWrittenNetwork _hand128 = null!;
    private float[] _theta32 = [];
    private float[] _theta128 = [];
    private float[] _gradient32 = [];
    private float[] _gradient128 = [];

    [GlobalSetup]
    public void Setup()
    {
        MoonsData data = MoonsData.Generate(2 * Rows, noise: 0.2, seed: 3);
        _wide32 = new Wide32(data.TrainX, data.TrainY);
        _wide128 = new Wide128(data.TrainX, data.TrainY);
        _hand32 = new HandWrittenNetwork(32, data.TrainX, data.TrainY);
        _hand128 = new HandWrittenNetwork(128, data.TrainX, data.TrainY);
        _theta32 = [.. MoonsFixture.Theta<float>(Wide32.ParameterCount).Select(t => t / MathF.Sqrt(32))];
        _theta128 = [.. MoonsFixture.Theta<float>(Wide128.ParameterCount).Select(t => t / MathF.Sqrt(128))];
        _gradient32 = new float[_theta32.Length];
        _gradient128 = new float[_theta128.Length];
        Agree(_wide32.Gradient, _hand32, _theta32);
        Agree(_wide128.Gradient, _hand128, _theta128);
    }

    [Benchmark(Baseline = true, Description = "2-32-32-1 generated (tiled)")]
    public void Generated32() => _wide32.Gradient(_theta32, _gradient32);

    [Benchmark(Description = "2-32-32-1 TensorPrimitives, row at a time")]
    public void TensorPrimitives32() => _hand32.GradientTensorPrimitives(_theta32, _gradient32);

    [Benchmark(Description = "2-32-32-1 naive triple loop")]
    public void Naive32() => _hand32.GradientNaive(_theta32, _gradient32);

    [Benchmark(Description = "2-128-128-1 generated (tiled)")]
    public void Generated128() => _wide128.Gradient(_theta128, _gradient128);

    [Benchmark(Description = "2-128-128-1 TensorPrimitives, row at a time")]
    public void TensorPrimitives128() => _hand128.GradientTensorPrimitives(_theta128, _gradient128);

    [Benchmark(Description = "2-128-128-1 naive triple loop")]
    public void Naive128() => _hand128.GradientNaive(_theta128, _gradient128);

    // The three gradients sum the same 500 rows in different orders in float: 1e-3 of the largest component is far
    // above that rounding and far below any real difference (a wrong term moves a component by O(1)).
    private static void Agree(GradientMethod generated, HandWrittenNetwork hand, float[] theta)
    {
        var expected = new float[theta.Length];
        generated(theta, expected);
        var naive = new float[theta.Length];
        var vectorised = new float[theta.Length];
        hand.GradientNaive(theta, naive);
        hand.GradientTensorPrimitives(theta, vectorised);
        float tolerance = 1e-3f * expected.Max(MathF.Abs);
        for (int i = 0; i < theta.Length; i++)
        {
            if (MathF.Abs(naive[i] - expected[i]) > tolerance || MathF.Abs(vectorised[i] - expected[i]) > tolerance)
            {
                throw new InvalidOperationException($"Gradient component {i}: generated {expected[i]}, naive {naive[i]}, TensorPrimitives {vectorised[i]}.");
            }
        }
    }

    private delegate void GradientMethod(ReadOnlySpan<float> theta, Span<float> gradient);
}

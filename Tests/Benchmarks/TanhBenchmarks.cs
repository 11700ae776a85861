using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using ModelGen.Random;
using ModelGen.Simd;

namespace ModelGen.Benchmarks;

/// <summary>
/// Issue #6's tanh comparison, on 512 pre-activations (one seed layer's unit over the 500 rows, padded): .NET's
/// <c>TensorPrimitives.Tanh</c>, the template's tanh (what the generated kernels inline into the layer loop: a rational
/// fit for float, E/(E + 2) with our own expm1 for double) applied a register at a time over the same span, and a scalar
/// <c>MathF.Tanh</c>/<c>Math.Tanh</c> loop. Float and double.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class TanhBenchmarks
{
    private const int Length = 512;

    private readonly float[] _single = new float[Length];
    private readonly float[] _singleOut = new float[Length];
    private readonly double[] _double = new double[Length];
    private readonly double[] _doubleOut = new double[Length];

    [GlobalSetup]
    public void Setup()
    {
        // Pre-activations ~ N(0, 1.5²): most in tanh's curved middle, some saturated, as in a fit.
        var rng = new Rng(5);
        for (int i = 0; i < Length; i++)
        {
            _double[i] = 1.5 * rng.NextNormal();
            _single[i] = (float)_double[i];
        }
    }

    [Benchmark(Baseline = true, Description = "float: template tanh, 512-bit registers")]
    public void TemplateSingle()
    {
        for (nuint i = 0; i < Length; i += (nuint)Vector512<float>.Count)
        {
            Simd512F.Store(Simd512F.Tanh(Simd512F.Load(in _single[0], i)), ref _singleOut[0], i);
        }
    }

    [Benchmark(Description = "float: TensorPrimitives.Tanh")]
    public void TensorPrimitivesSingle() => TensorPrimitives.Tanh<float>(_single, _singleOut);

    [Benchmark(Description = "float: MathF.Tanh loop")]
    public void ScalarSingle()
    {
        for (int i = 0; i < Length; i++)
        {
            _singleOut[i] = MathF.Tanh(_single[i]);
        }
    }

    [Benchmark(Description = "double: template tanh, 512-bit registers")]
    public void TemplateDouble()
    {
        for (nuint i = 0; i < Length; i += (nuint)Vector512<double>.Count)
        {
            Simd512D.Store(Simd512D.Tanh(Simd512D.Load(in _double[0], i)), ref _doubleOut[0], i);
        }
    }

    [Benchmark(Description = "double: TensorPrimitives.Tanh")]
    public void TensorPrimitivesDouble() => TensorPrimitives.Tanh<double>(_double, _doubleOut);

    [Benchmark(Description = "double: Math.Tanh loop")]
    public void ScalarDouble()
    {
        for (int i = 0; i < Length; i++)
        {
            _doubleOut[i] = Math.Tanh(_double[i]);
        }
    }
}

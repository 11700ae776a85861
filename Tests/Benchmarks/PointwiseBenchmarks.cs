using BenchmarkDotNet.Attributes;
using ModelGen.Inference;
using ModelGen.Samples.Moons;

namespace ModelGen.Benchmarks;

/// <summary>
/// The generated pointwise log-likelihood against LogDensity on the seed network, in the same run (issue 20: the
/// pointwise values should cost no more than one forward pass per draw): both at one draw on the seed notebook's 500
/// training rows. The pointwise method runs the forward pass and stores a value per row; LogDensity runs the forward
/// pass and sums. Not run in CI; run with <c>--filter *PointwiseBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class PointwiseBenchmarks
{
    private MoonsNetworkSingle _model = null!;
    private float[] _theta = null!;
    private float[] _values = null!;
    private float[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        MoonsData data = MoonsFixture.Seed();
        _model = new MoonsNetworkSingle(data.TrainX, data.TrainY);
        _theta = MoonsFixture.Theta<float>(MoonsNetworkSingle.ParameterCount);
        _values = new float[MoonsNetworkSingle.ParameterCount];
        ((IModel<float>)_model).Constrain(_theta, _values);
        _output = new float[_model.Rows];
    }

    [Benchmark(Baseline = true)]
    public float LogDensity() => _model.LogDensity(_theta);

    [Benchmark]
    public float Pointwise()
    {
        _model.PointwiseLogLikelihood(_values, _output);
        return _output[0];
    }
}

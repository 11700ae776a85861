using BenchmarkDotNet.Attributes;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Testing;

namespace ModelGen.Benchmarks;

/// <summary>
/// Per-row terms in SIMD against the same terms on the scalar path (docs/terms.md, "Vectorising a per-row loop";
/// docs/performance.md): sample 4 (the mixture, 200 points) and sample 7 (the flat regression, 100 × 3, an inner sum
/// over k), on the data Stan was given (Tests/Data/stan), the gradient of log p at the fixed point TermSampleBenchmarks
/// uses. The scalar twins (Tests/ModelGen.EndToEnd.Tests/Models/ScalarRowModels.cs) are the same models with <c>[Term, ScalarRows]</c>; Setup checks that both
/// paths give the same gradient. Stan's gradient of the same programs: scripts/stan-terms-speed.sh.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class RowTermBenchmarks
{
    private TermSample.GradientOf _gradient = null!;
    private double[] _theta = [];
    private double[] _slopes = [];

    [Params("mixture", "flat_regression")]
    public string Sample { get; set; } = "";

    /// <summary>"rows": the row block, one register of rows per trip (the default); "scalar": the loop one row at a time.</summary>
    [Params("rows", "scalar")]
    public string Path { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        TermSample sample = TermSample.All.Single(s => s.Name == Sample);
        TermSample.GradientOf scalar = Scalar(Sample);
        _theta = sample.Point();
        _slopes = new double[_theta.Length];
        _gradient = Path == "rows" ? sample.Gradient : scalar;

        // The two paths must agree before either is timed.
        var expected = new double[_theta.Length];
        double a = sample.Gradient(_theta, expected), b = scalar(_theta, _slopes);
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - _slopes[i]) > 1e-9 * Math.Max(1, Math.Abs(expected[i])) || Math.Abs(a - b) > 1e-9 * Math.Max(1, Math.Abs(a)))
            {
                throw new InvalidOperationException($"{Sample}: the row and scalar paths differ at θ[{i}]: {expected[i]} and {_slopes[i]}");
            }
        }
    }

    [Benchmark(Description = "gradient of log p")]
    public double Gradient() => _gradient(_theta, _slopes);

    private static TermSample.GradientOf Scalar(string sample)
    {
        StanData data = StanData.Load(sample);
        if (sample == "mixture")
        {
            return new MixtureTermScalar(y: data.Vector("y")).LogDensityGradient;
        }

        double[,] x = data.Matrix("x");
        return new FlatRegressionTermScalar(k: x.GetLength(1), x: x, y: data.Vector("y")).LogDensityGradient;
    }
}

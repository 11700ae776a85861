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

/// <summary>
/// The row terms' gradients by processor time, as <see cref="TermSampleProcessorTime"/> times the samples: each path
/// (the row block at each register width, and the scalar loop) in turn, five rounds, the least per call kept, so a
/// loaded machine moves them alike. <c>dotnet run -c Release --project Tests/Benchmarks -- --rows-cpu</c>.
/// </summary>
public static class RowTermProcessorTime
{
    public static void Run()
    {
        StanData mixtureData = StanData.Load("mixture"), regressionData = StanData.Load("flat_regression");
        double[,] x = regressionData.Matrix("x");
        var mixture = new MixtureTerm(y: mixtureData.Vector("y"));
        var regression = new FlatRegressionTerm(k: x.GetLength(1), x: x, y: regressionData.Vector("y"));
        var paths = new List<(string Name, Action<ModelGen.Simd.SimdWidth>? Width, ModelGen.Simd.SimdWidth At, TermSample.GradientOf Gradient)>();
        foreach (ModelGen.Simd.SimdWidth width in new[] { ModelGen.Simd.SimdWidth.Vector512, ModelGen.Simd.SimdWidth.Vector256, ModelGen.Simd.SimdWidth.Vector128, ModelGen.Simd.SimdWidth.Scalar })
        {
            paths.Add(("mixture\trows, " + width, w => mixture.SimdWidth = w, width, mixture.LogDensityGradient));
            paths.Add(("flat_regression\trows, " + width, w => regression.SimdWidth = w, width, regression.LogDensityGradient));
        }

        paths.Add(("mixture\tscalar loop", null, default, new MixtureTermScalar(y: mixtureData.Vector("y")).LogDensityGradient));
        paths.Add(("flat_regression\tscalar loop", null, default, new FlatRegressionTermScalar(k: x.GetLength(1), x: x, y: regressionData.Vector("y")).LogDensityGradient));
        var best = paths.ToDictionary(p => p.Name, _ => double.MaxValue);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (int round = 0; round < 5; round++)
        {
            foreach ((string name, Action<ModelGen.Simd.SimdWidth>? width, ModelGen.Simd.SimdWidth at, TermSample.GradientOf gradient) in paths)
            {
                width?.Invoke(at);
                double[] theta = new TermSample(name, name.StartsWith("mixture", StringComparison.Ordinal) ? mixture.ParameterCount : regression.ParameterCount, gradient, _ => null!).Point();
                var slopes = new double[theta.Length];
                for (int i = 0; i < 20_000; i++)
                {
                    gradient(theta, slopes);
                }

                const int calls = 200_000;
                process.Refresh();
                TimeSpan start = process.TotalProcessorTime;
                for (int i = 0; i < calls; i++)
                {
                    gradient(theta, slopes);
                }

                process.Refresh();
                best[name] = Math.Min(best[name], 1e6 * (process.TotalProcessorTime - start).TotalSeconds / calls);
            }
        }

        Console.WriteLine("sample\tpath\tgradient, least processor time per call over 5 rounds (us)");
        foreach ((string name, _, _, _) in paths)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}\t{best[name]:F3}"));
        }
    }
}

using BenchmarkDotNet.Attributes;
using ModelGen.Plots;
using ModelGen.Sampling;
using ModelGen.Samples.Report;

namespace ModelGen.Benchmarks;

/// <summary>
/// Issue #22's bound: <c>fit.Report(path, model.SamplePrior)</c> of a NUTS fit of 100 parameters × 4 chains × 1,000
/// draws (Samples/Report's WideRegression, fitted once in setup) — the summary of every parameter, trace and
/// rank plots of every parameter (10 figures of each), the forest, density (with 4,000 prior draws), pair,
/// autocorrelation and energy plots, every PNG encoded into one HTML file — must take under 5 s.
/// </summary>
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private WideRegression _model = null!;
    private NutsFit<double> _fit = null!;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_model, _fit) = WideRegression.Fitted(chains: 4, draws: 1_000, seed: 8);
        _path = Path.Combine(Path.GetTempPath(), $"modelgen-report-benchmark-{Environment.ProcessId}.html");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Description = "Report, 100 parameters × 4 chains × 1,000 draws")]
    public string Report() => _fit.Report(_path, _model.SamplePrior);
}

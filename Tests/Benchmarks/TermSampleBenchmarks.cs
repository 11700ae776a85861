using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using ModelGen.Diagnostics;
using ModelGen.EndToEnd.Tests.Models;
using ModelGen.Sampling;
using ModelGen.Testing;

namespace ModelGen.Benchmarks;

/// <summary>
/// docs/terms.md's samples written as <c>[Term]</c> methods (the models of the Stan comparison,
/// Tests/ModelGen.EndToEnd.Tests/Models/StanTermModels.cs), bound to the data Stan was given (Tests/Data/stan): the
/// gradient of log p at a fixed point, the figure set beside Stan's gradient of the same program
/// (scripts/stan-terms-speed.sh) in docs/performance.md. <see cref="TermSampleNuts"/> times NUTS on the same models.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class TermSampleBenchmarks
{
    private TermSample _sample = null!;
    private double[] _theta = [];
    private double[] _gradient = [];

    /// <summary>The sample, by its folder in Tests/Data/stan.</summary>
    [ParamsSource(nameof(Names))]
    public string Sample { get; set; } = "";

    public static IEnumerable<string> Names => TermSample.All.Select(s => s.Name);

    [GlobalSetup]
    public void Setup()
    {
        _sample = TermSample.All.Single(s => s.Name == Sample);
        _theta = _sample.Point();
        _gradient = new double[_theta.Length];
    }

    [Benchmark(Description = "gradient of log p (LogDensityGradient)")]
    public double Gradient() => _sample.Gradient(_theta, _gradient);
}

/// <summary>One term sample bound to its Stan data: its gradient and its NUTS, whatever the model's type.</summary>
public sealed record TermSample(string Name, int Dimension, TermSample.GradientOf Gradient, Func<NutsOptions, NutsFit<double>> Nuts)
{
    public delegate double GradientOf(ReadOnlySpan<double> theta, Span<double> gradient);

    /// <summary>The samples built as terms, each from Tests/Data/stan/&lt;name&gt;/data.json.</summary>
    public static IReadOnlyList<TermSample> All { get; } =
    [
        Of("ar_k", () =>
        {
            StanData data = StanData.Load("ar_k");
            var model = new AutoRegressionTerm(k: data.Int("K"), y: data.Vector("y"));
            return (model.ParameterCount, model.LogDensityGradient, model.Nuts);
        }),
        Of("arma11", () =>
        {
            var model = new Arma11Term(y: StanData.Load("arma11").Vector("y"));
            return (model.ParameterCount, model.LogDensityGradient, model.Nuts);
        }),
        Of("garch11", () =>
        {
            StanData data = StanData.Load("garch11");
            var model = new Garch11Term(r: data.Vector("r"), sigma1: data.Vector("sigma1")[0]);
            return (model.ParameterCount, model.LogDensityGradient, model.Nuts);
        }),
        Of("mixture", () =>
        {
            var model = new MixtureTerm(y: StanData.Load("mixture").Vector("y"));
            return (model.ParameterCount, model.LogDensityGradient, model.Nuts);
        }),
        Of("flat_regression", () =>
        {
            StanData data = StanData.Load("flat_regression");
            double[,] x = data.Matrix("x");
            var model = new FlatRegressionTerm(k: x.GetLength(1), x: x, y: data.Vector("y"));
            return (model.ParameterCount, model.LogDensityGradient, model.Nuts);
        }),
        Of("gp_regression", () =>
        {
            StanData data = StanData.Load("gp_regression");
            var model = new GaussianProcessTerm(x: data.Vector("x"), y: data.Vector("y"));
            return (model.ParameterCount, model.LogDensityGradient, model.Nuts);
        }),
    ];

    private static TermSample Of(string name, Func<(int Dimension, GradientOf Gradient, Func<NutsOptions?, CancellationToken, NutsFit<double>> Nuts)> bind)
    {
        (int dimension, GradientOf gradient, Func<NutsOptions?, CancellationToken, NutsFit<double>> nuts) = bind();
        return new TermSample(name, dimension, gradient, options => nuts(options, CancellationToken.None));
    }

    /// <summary>A fixed point: θ ~ N(0, 0.5²), seeded, in the unconstrained space.</summary>
    public double[] Point()
    {
        var rng = new ModelGen.Random.Rng(20261208);
        var theta = new double[Dimension];
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = 0.5 * rng.NextNormal();
        }

        return theta;
    }
}

/// <summary>
/// The gradient's processor time per call, as scripts/stan-timing.R times Stan's (R's user time over a loop of calls
/// lasting at least 2 s): on a shared machine processor time moves far less with the load than a wall clock does.
/// <c>dotnet run -c Release --project Tests/Benchmarks -- --terms-cpu</c>.
/// </summary>
public static class TermSampleProcessorTime
{
    public static void Run()
    {
        Console.WriteLine("sample\tgradient, processor time per call (us)\tcalls");
        using var process = Process.GetCurrentProcess();
        foreach (TermSample sample in TermSample.All)
        {
            double[] theta = sample.Point();
            var gradient = new double[theta.Length];
            for (int i = 0; i < 2_000; i++)
            {
                sample.Gradient(theta, gradient);
            }

            long calls = 1_000;
            while (true)
            {
                process.Refresh();
                TimeSpan start = process.TotalProcessorTime;
                for (long i = 0; i < calls; i++)
                {
                    sample.Gradient(theta, gradient);
                }

                process.Refresh();
                double seconds = (process.TotalProcessorTime - start).TotalSeconds;
                if (seconds >= 2)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sample.Name}\t{1e6 * seconds / calls:F3}\t{calls}"));
                    break;
                }

                calls *= 4;
            }
        }
    }
}

/// <summary>
/// NUTS on the term samples as scripts/stan-terms-speed.R runs Stan's: 4 chains × (1,000 warm-up + 1,000 draws), one
/// after another, seed 1; per leapfrog step the chains' times over their leapfrog steps and the process's processor
/// time over the whole call, and ESS (bulk) of lp__ per second of the draws' time summed over chains. Not a BenchmarkDotNet class (one run is a whole fit):
/// <c>dotnet run -c Release --project Tests/Benchmarks -- --terms-nuts</c>.
/// </summary>
public static class TermSampleNuts
{
    public static void Run()
    {
        Console.WriteLine("sample\tleapfrogs\tper leapfrog (us, warm-up + draws)\tper leapfrog (us, draws)\tprocessor time per leapfrog (us, the whole call)\tESS lp__\tESS lp__ per second per core\tdivergences");
        using var process = Process.GetCurrentProcess();
        foreach (TermSample sample in TermSample.All)
        {
            _ = sample.Nuts(new NutsOptions { Chains = 1, Warmup = 50, Draws = 50, Seed = 2 }); // JIT
            process.Refresh();
            TimeSpan before = process.TotalProcessorTime;
            NutsFit<double> fit = sample.Nuts(new NutsOptions { Chains = 4, Warmup = 1000, Draws = 1000, Seed = 1, MaxDegreeOfParallelism = 1 });
            process.Refresh();
            double processor = (process.TotalProcessorTime - before).TotalSeconds;
            double whole = 0, warmup = 0;
            foreach (TimeSpan t in fit.ChainTimes)
            {
                whole += t.TotalSeconds;
            }

            foreach (TimeSpan t in fit.WarmupTimes)
            {
                warmup += t.TotalSeconds;
            }

            double draws = whole - warmup;
            long leapfrogs = fit.Leapfrogs + fit.WarmupLeapfrogs;
            double ess = Convergence.EssBulk(fit.ChainsOf(fit.Statistics.LogDensity));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sample.Name}\t{leapfrogs}\t{1e6 * whole / leapfrogs:F3}\t{1e6 * draws / fit.Leapfrogs:F3}\t{1e6 * processor / leapfrogs:F3}\t{ess:F0}\t{ess / draws:F0}\t{fit.Divergences}"));
        }
    }
}

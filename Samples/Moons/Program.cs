using System.Diagnostics;
using System.Globalization;
using ModelGen.Draws;
using ModelGen.Export;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;
using ModelGen.Simd;

// The seed notebook, step by step: fit the 2-5-5-1 network by ADVI, draw from the approximation,
// predict the held-out half and a 100×100 grid. Options: --iterations N --draws N --seed N
// --generate N (make_moons of N points instead of the seed data) --out DIR --summaries N (posterior lines shown)
// --simd 512|256|128|scalar (pin the kernels' vector width: the same width gives the same bits on every machine run).
var options = SampleOptions.Parse(args);
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

MoonsData data = options.Generate is int n
    ? MoonsData.Generate(n, noise: 0.2, seed: options.Seed)
    : MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
Console.WriteLine($"data: {(options.Generate is null ? "seed notebook's make_moons (scikit-learn)" : $"make_moons({options.Generate}, noise 0.2)")}, {data.TrainY.Length} train / {data.TestY.Length} test rows");
var model = new MoonsNetwork(data.TrainX, data.TrainY);
if (options.Simd is SimdWidth pinned)
{
    model.SimdWidth = pinned;
}

Console.WriteLine($"simd: {SimdSupport.Describe()}{(options.Simd is null ? string.Empty : $", pinned to {model.SimdWidth}")}");
AdviFit<float> fit = FitProgress.Run(progress => model.Fit(new AdviOptions { Iterations = options.Iterations, Seed = options.Seed, Progress = progress, ElboInBackground = options.ElboInBackground }));
Console.WriteLine($"fit: {fit.Iterations} iterations in {fit.Elapsed.TotalSeconds:F2} s ({fit.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, fit.Iterations):F1} µs/iteration), stopped: {fit.StopReason}");

// Where the fit's time went: ELBO estimates (Stan's defaults, 100 draws every 100 iterations), the JIT compiling the
// kernels and the driver on first use (on the fit's thread; none under Native AOT), and the steps, which are what
// Tests/Benchmarks' AdviStepBenchmarks time.
// The estimates' log densities run on a second thread beside the steps (AdviOptions.ElboInBackground): the fit's thread spends
// only ElboFitThreadElapsed of their time.
TimeSpan steps = fit.Elapsed - fit.ElboFitThreadElapsed - fit.JitElapsed;
Console.WriteLine($"     steps {steps.TotalSeconds:F2} s ({steps.TotalMilliseconds * 1000 / Math.Max(1, fit.Iterations):F1} µs each), ELBO estimates {fit.ElboElapsed.TotalSeconds:F2} s ({fit.Elbo.Count} of 100 draws; {fit.ElboFitThreadElapsed.TotalSeconds:F2} s of it on the fit's thread), JIT compilation {fit.JitElapsed.TotalSeconds:F2} s");
if (fit.Message is not null)
{
    Console.WriteLine($"     {fit.Message}");
}

if (fit.Elbo.Count > 0)
{
    int[] shown = [.. Enumerable.Range(0, 5).Select(k => (fit.Elbo.Count - 1) * k / 4).Distinct()];
    Console.WriteLine("elbo: " + string.Join(", ", shown.Select(i => $"{fit.Elbo[i].Iteration}: {fit.Elbo[i].Value:F1}")));
}

if (fit.ParetoK is { } paretoK)
{
    // Yao et al. 2018: k̂ above 0.7 means q misses mass p has. A neural network's posterior has many equivalent modes
    // (units can swap and flip sign), so a mean-field q around one of them is expected to score badly here.
    // ParetoK's ToString says what the reading means for the results and what to do ("very bad: … use NUTS …").
    Console.WriteLine($"psis: {paretoK}");
}

var clock = Stopwatch.StartNew();
Draws<float> draws = fit.Sample(options.Draws);
PosteriorPredictive test = model.Predict(data.TestX, draws);
clock.Stop();
foreach (ParameterSummary summary in draws.Summarize().Take(options.Summaries))
{
    Console.WriteLine($"posterior {summary.Name,-22} mean {summary.Mean,8:F4}  sd {summary.StandardDeviation:F4}  5% {summary.Q5,8:F4}  50% {summary.Q50,8:F4}  95% {summary.Q95,8:F4}");
}

Console.WriteLine($"accuracy: {test.Accuracy<float>(data.TestY) * 100:F1} % on {data.TestY.Length} held-out rows (mean over {options.Draws} draws of P(y = 1) > 0.5; sampled and predicted in {clock.Elapsed.TotalSeconds:F2} s)");

// The notebook's own recipe: 500 sampled outcomes per row, their mean > 0.5.
float[,] outcomes = model.SamplePredictive(data.TestX, draws, samples: Math.Min(500, options.Draws), seed: options.Seed);
int hits = 0;
for (int r = 0; r < data.TestY.Length; r++)
{
    double mean = 0;
    for (int k = 0; k < outcomes.GetLength(0); k++)
    {
        mean += outcomes[k, r];
    }

    hits += (mean / outcomes.GetLength(0) > 0.5) == (data.TestY[r] > 0.5f) ? 1 : 0;
}

Console.WriteLine($"accuracy (notebook recipe, {outcomes.GetLength(0)} sampled outcomes per row): {100.0 * hits / data.TestY.Length:F1} %");

// The posterior-predictive mean and uncertainty over the notebook's grid, np.mgrid[-3:3:100j, -3:3:100j].
const int Side = 100;
float[,] grid = MoonsData.Grid(Side);

PosteriorPredictive surface = model.Predict(grid, draws);
Directory.CreateDirectory(options.Output);
string gridPath = Path.Combine(options.Output, "grid.csv");
using (var writer = new StreamWriter(gridPath))
{
    writer.WriteLine("x1,x2,mean,sd");
    for (int r = 0; r < surface.Rows; r++)
    {
        writer.WriteLine($"{grid[r, 0]:R},{grid[r, 1]:R},{surface.Mean[r]:R},{surface.StandardDeviation[r]:R}");
    }
}

string elboPath = Path.Combine(options.Output, "elbo.csv");
File.WriteAllLines(elboPath, ["iteration,elbo", .. fit.Elbo.Select(p => $"{p.Iteration},{p.Value:R}")]);
Console.WriteLine($"wrote {gridPath} (posterior-predictive mean and sd over the {Side}×{Side} grid) and {elboPath}");

// For the figures (Samples/MoonsPlots --from DIR) and other tools: the data, the test predictions, the draws in
// CmdStan's CSV layout, the summary table, and the fit itself (AdviFit<float>.Load reads it back).
File.WriteAllLines(Path.Combine(options.Output, "train.csv"), ["x1,x2,y", .. Enumerable.Range(0, data.TrainY.Length).Select(r => $"{data.TrainX[r, 0]:R},{data.TrainX[r, 1]:R},{data.TrainY[r]:R}")]);
File.WriteAllLines(Path.Combine(options.Output, "test.csv"), ["x1,x2,y,mean,sd", .. Enumerable.Range(0, data.TestY.Length).Select(r => $"{data.TestX[r, 0]:R},{data.TestX[r, 1]:R},{data.TestY[r]:R},{test.Mean[r]:R},{test.StandardDeviation[r]:R}")]);
StanCsv.Write(Path.Combine(options.Output, "draws.csv"), fit, model.LogDensity, options.Draws);
IReadOnlyList<ParameterSummary> summaries = draws.Summarize();
AtomicFile.WriteAllText(Path.Combine(options.Output, "summary.txt"), SummaryTable.ToText(summaries));
AtomicFile.WriteAllText(Path.Combine(options.Output, "summary.csv"), SummaryTable.ToCsv(summaries));
fit.Save(Path.Combine(options.Output, "fit.mgfit"));
Console.WriteLine($"wrote train.csv, test.csv, draws.csv (CmdStan layout), summary.txt, summary.csv and fit.mgfit under {options.Output}");

/// <summary>Command-line options of the sample.</summary>
internal sealed record SampleOptions(int Iterations, int Draws, ulong Seed, int? Generate, string Output, int Summaries, SimdWidth? Simd = null, bool ElboInBackground = true)
{
    public static SampleOptions Parse(string[] args)
    {
        var result = new SampleOptions(50_000, 5_000, 1, null, "out", 5);
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            result = args[i] switch
            {
                "--iterations" => result with { Iterations = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--draws" => result with { Draws = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seed" => result with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                "--generate" => result with { Generate = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--out" => result with { Output = Value() },
                "--summaries" => result with { Summaries = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--simd" => result with { Simd = ParseWidth(Value()) },
                "--elbo-on-fit-thread" => result with { ElboInBackground = false },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --iterations N, --draws N, --seed N, --generate N, --out DIR, --summaries N, --simd 512|256|128|scalar, --elbo-on-fit-thread."),
            };
        }

        return result;
    }

    private static SimdWidth ParseWidth(string value) => value.ToUpperInvariant() switch
    {
        "512" or "VECTOR512" => SimdWidth.Vector512,
        "256" or "VECTOR256" => SimdWidth.Vector256,
        "128" or "VECTOR128" => SimdWidth.Vector128,
        "SCALAR" or "1" => SimdWidth.Scalar,
        _ => throw new ArgumentException($"--simd takes 512, 256, 128 or scalar, not '{value}'."),
    };
}

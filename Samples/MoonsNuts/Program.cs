using System.Diagnostics;
using System.Globalization;
using ModelGen.Diagnostics;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;
using ModelGen.Sampling;
using ModelGen.Simd;

// The seed model fitted twice: by ADVI (mean-field) and by NUTS, the gold standard. Per parameter the two posterior
// means and sds side by side, NUTS's diagnostics, and both held-out accuracies.
// Options: --chains N --warmup N --draws N --seed N --delta D (target acceptance) --advi-iterations N --start-from-advi
// --csv PREFIX (writes each chain as CmdStan's CSV, PREFIX-1.csv …)
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int chains = 4, warmup = 1000, drawsPerChain = 1000, adviIterations = 10_000;
ulong seed = 1;
double delta = 0.8;
bool startFromAdvi = false;
string? csv = null;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--chains": chains = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--draws": drawsPerChain = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--delta": delta = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--advi-iterations": adviIterations = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--start-from-advi": startFromAdvi = true; break;
        case "--csv": csv = Next(); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --chains --warmup --draws --seed --delta --advi-iterations --start-from-advi --csv");
    }
}

MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
Console.WriteLine($"data: seed notebook's make_moons, {data.TrainY.Length} train / {data.TestY.Length} test rows");
Console.WriteLine($"simd: {SimdSupport.Describe()}; {Environment.ProcessorCount} cores");
var model = new MoonsNetwork(data.TrainX, data.TrainY);

// ADVI as this comparison was made: the legacy schedule (Stan's rule, cap --advi-iterations). The default schedule runs a
// network to its cap (docs/advi-defaults.md: a network's iterates do not settle).
AdviFit<float> advi = model.Fit(AdviOptions.Legacy with { MaxIterations = adviIterations, Seed = seed });
Draws<float> adviDraws = advi.Sample(chains * drawsPerChain, seed);
Console.WriteLine($"advi: {advi.Iterations} iterations in {advi.Elapsed.TotalSeconds:F2} s, stopped: {advi.StopReason}");

// NUTS: Stan's defaults unless told otherwise.
var options = new NutsOptions { Chains = chains, Warmup = warmup, Draws = drawsPerChain, Seed = seed, TargetAcceptance = delta };
if (startFromAdvi)
{
    options = options.StartFrom(advi);
}

// Processor time as well as wall time: on a shared machine the wall clock measures the neighbours too.
TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
NutsFit<float> nuts = model.Nuts(options);
TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
long leapfrogs = nuts.Leapfrogs;
Console.WriteLine($"nuts: {chains} chains × ({warmup} warm-up + {drawsPerChain} draws) in {nuts.Elapsed.TotalSeconds:F2} s wall"
    + $" (chains {string.Join(", ", nuts.ChainTimes.ToArray().Select(t => $"{t.TotalSeconds:F1}"))} s); {nuts.WarmupLeapfrogs:N0} + {leapfrogs:N0} gradients (warm-up + draws)");
Console.WriteLine($"      processor time {cpu.TotalSeconds:F1} s, {cpu.TotalMilliseconds * 1000 / (nuts.WarmupLeapfrogs + leapfrogs):F1} µs per leapfrog step (gradient included)");
Console.WriteLine($"      target acceptance {delta}, step sizes {string.Join(", ", nuts.StepSizes.ToArray().Select(e => $"{e:F3}"))}, "
    + $"mean accept_stat {nuts.Statistics.AcceptStat.Average():F3}, mean tree depth {nuts.Statistics.TreeDepth.Average():F2}, "
    + $"mean n_leapfrog {nuts.Statistics.Leapfrogs.Average():F1}");
Console.WriteLine($"      divergences {nuts.Divergences}, max tree depth {nuts.MaxTreeDepth} hit {nuts.TreeDepthSaturations} times, "
    + $"E-BFMI {string.Join(", ", nuts.Ebfmi.ToArray().Select(e => $"{e:F2}"))}");
foreach (string warning in nuts.Warnings())
{
    Console.WriteLine($"      warning: {warning}");
}

if (csv is not null)
{
    string? folder = Path.GetDirectoryName(Path.GetFullPath(csv));
    if (folder is not null)
    {
        Directory.CreateDirectory(folder);
    }

    Console.WriteLine($"      wrote {string.Join(", ", NutsCsv.Write(csv, nuts))}");
}

NutsSummary lp = nuts.LogDensitySummary();
Console.WriteLine($"lp__: mean {lp.Mean:F2} sd {lp.StandardDeviation:F2}, R-hat {lp.Rhat:F3}, ESS bulk {lp.EssBulk:F0} tail {lp.EssTail:F0}");

// Per parameter: NUTS beside ADVI. The weights' R-hat is not a convergence test here: hidden units can swap places
// and flip sign between chains, so chains may sit in equivalent modes; the predictions below are what must agree.
IReadOnlyList<NutsSummary> summaries = nuts.Summarize();
IReadOnlyList<ParameterSummary> adviSummaries = adviDraws.Summarize();
Console.WriteLine();
Console.WriteLine($"{"parameter",-22} {"NUTS mean",9} {"sd",7} {"ADVI mean",9} {"sd",7} {"sd ADVI/NUTS",12} {"R-hat",6} {"ESS bulk",8}");
for (int p = 0; p < summaries.Count; p++)
{
    NutsSummary n = summaries[p];
    ParameterSummary a = adviSummaries[p];
    Console.WriteLine($"{n.Name,-22} {n.Mean,9:F3} {n.StandardDeviation,7:F3} {a.Mean,9:F3} {a.StandardDeviation,7:F3} {a.StandardDeviation / n.StandardDeviation,12:F2} {n.Rhat,6:F3} {n.EssBulk,8:F0}");
}

double medianRatio = summaries.Select((n, p) => adviSummaries[p].StandardDeviation / n.StandardDeviation).Order().ElementAt(summaries.Count / 2);
Console.WriteLine($"median sd ratio ADVI/NUTS: {medianRatio:F2} (below 1: mean-field is overconfident); "
    + $"weights with R-hat ≥ 1.01: {summaries.Count(s => !(s.Rhat < 1.01))} of {summaries.Count}");

// Held-out: per-draw P(y = 1) for R-hat per row, then the posterior-mean accuracy of both.
var clock = Stopwatch.StartNew();
int rows = data.TestY.Length;
var perDraw = new double[rows][];
for (int r = 0; r < rows; r++)
{
    perDraw[r] = new double[nuts.Draws.Count];
}

for (int k = 0; k < nuts.Draws.Count; k++)
{
    PosteriorPredictive one = model.Predict(data.TestX, new Draws<float>(nuts.Draws.Info, nuts.Draws[k].ToArray(), 1));
    for (int r = 0; r < rows; r++)
    {
        perDraw[r][k] = one.Mean[r];
    }
}

double[] rowRhat = [.. perDraw.Select(p => Convergence.Rhat(nuts.ChainsOf(p)))];
double[] rowEss = [.. perDraw.Select(p => Convergence.EssBulk(nuts.ChainsOf(p)))];
Console.WriteLine($"held-out P(y = 1): max R-hat {rowRhat.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max():F3} over {rows} rows, min ESS bulk {rowEss.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min():F0} ({clock.Elapsed.TotalSeconds:F1} s)");

double adviAccuracy = model.Predict(data.TestX, adviDraws).Accuracy<float>(data.TestY);
double nutsAccuracy = model.Predict(data.TestX, nuts.Draws).Accuracy<float>(data.TestY);
Console.WriteLine($"accuracy: NUTS {nutsAccuracy * 100:F1} %, ADVI {adviAccuracy * 100:F1} % on {rows} held-out rows");

// For CI: the run is only useful if what must converge did, and NUTS predicts at least as well as mean-field.
double maxRowRhat = rowRhat.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
if (!(lp.Rhat < 1.01) || !(maxRowRhat < 1.01) || nutsAccuracy < adviAccuracy)
{
    Console.WriteLine($"check failed: lp__ R-hat {lp.Rhat:F3}, max held-out R-hat {maxRowRhat:F3} (both must be below 1.01), accuracy NUTS {nutsAccuracy:P1} vs ADVI {adviAccuracy:P1}");
    return 1;
}

return 0;

using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Sampling;
using ModelGen.Samples.EightSchools;
using ModelGen.Samples.Moons;

// ADVI, Pathfinder and NUTS on two of the samples' models: eight schools (non-centred, Rubin's data) and the seed
// notebook's network. NUTS (4 chains × (1,000 + 1,000)) is the reference; for each other method: its gradient and
// density evaluations, its wall time, and per parameter the distance of its draws from NUTS's: |Δ mean| in NUTS
// posterior sds, the ratio of sds, and the 1-Wasserstein distance in NUTS sds. Options: --seed N.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
ulong seed = args.Length == 2 && args[0] == "--seed" ? ulong.Parse(args[1], CultureInfo.InvariantCulture)
    : args.Length == 0 ? 1UL : throw new ArgumentException("Options: --seed N.");

var eightSchools = new NonCentred(Rubin.Schools(), Rubin.Estimates);
Compare("eight schools, non-centred (10 parameters)", eightSchools.Nuts(new NutsOptions { Seed = seed, TargetAcceptance = 0.95 }),
    o => eightSchools.Fit(o), o => eightSchools.Pathfinder(o), seed);

MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
var network = new MoonsNetwork(data.TrainX, data.TrainY);
Compare($"seed network, 2-5-5-1 tanh ({MoonsNetwork.ParameterCount} parameters)", network.Nuts(new NutsOptions { Seed = seed }),
    o => network.Fit(o), o => network.Pathfinder(o), seed);

static void Compare<T>(string title, NutsFit<T> nuts, Func<AdviOptions, AdviFit<T>> advi, Func<PathfinderOptions, PathfinderFit<T>> pathfinder, ulong seed)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    Console.WriteLine();
    Console.WriteLine($"{title}: NUTS {nuts.Chains} × ({nuts.Warmup} + {nuts.DrawsPerChain}), {nuts.WarmupLeapfrogs + nuts.Leapfrogs} gradients, {nuts.Elapsed.TotalSeconds:F2} s, {nuts.Divergences} divergences");
    double[][] reference = Columns(nuts.Draws);
    Console.WriteLine($"{"method",-34} {"gradients",10} {"densities",10} {"time",8}   {"|Δmean|/sd",17}   {"sd ratio",19}   {"W1/sd",13}");

    var clock = Stopwatch.StartNew();
    PathfinderFit<T> single = pathfinder(new PathfinderOptions { Seed = seed, Paths = 1 });
    Row("Pathfinder, one path", single.GradientEvaluations, single.DensityEvaluations, clock.Elapsed, Columns(single.Draws), reference);
    clock.Restart();
    PathfinderFit<T> multi = pathfinder(new PathfinderOptions { Seed = seed });
    Row("Pathfinder, 4 paths, PSIS resampled", multi.GradientEvaluations, multi.DensityEvaluations, clock.Elapsed, Columns(multi.Draws), reference);

    // ADVI at its default (Stan's relative-ELBO stopping rule), then held to the 4-path Pathfinder's gradients.
    foreach ((string name, int? iterations) in new (string, int?)[] { ("ADVI mean-field, default stopping", null), ("ADVI mean-field, Pathfinder's budget", multi.GradientEvaluations) })
    {
        clock.Restart();
        AdviFit<T> fit = advi(new AdviOptions { Seed = seed, Iterations = iterations });
        int densities = fit.Elbo.Count * 100;
        Row(name, fit.Iterations, densities, clock.Elapsed, Columns(fit.Sample(1_000, seed)), reference);
    }

    Console.WriteLine($"  Pathfinder (4 paths): {multi.Message}");
}

static void Row(string name, long gradients, long densities, TimeSpan time, double[][] draws, double[][] reference)
{
    int d = reference.Length;
    var meanGap = new double[d];
    var sdRatio = new double[d];
    var w1 = new double[d];
    for (int i = 0; i < d; i++)
    {
        (double m, double s) = Moments(reference[i]);
        (double mi, double si) = Moments(draws[i]);
        meanGap[i] = Math.Abs(mi - m) / s;
        sdRatio[i] = si / s;
        w1[i] = Wasserstein1(draws[i], reference[i]) / s;
    }

    Console.WriteLine($"{name,-34} {gradients,10} {densities,10} {time.TotalSeconds,7:F2}s   {Median(meanGap),6:F2} (max {meanGap.Max(),5:F2})   {Median(sdRatio),5:F2} ({sdRatio.Min(),4:F2}–{sdRatio.Max(),4:F2})   {Median(w1),4:F2} (max {w1.Max(),4:F2})");
}

static double[][] Columns<T>(Draws<T> draws)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    var columns = new double[draws.Dimension][];
    for (int i = 0; i < draws.Dimension; i++)
    {
        columns[i] = new double[draws.Count];
        for (int k = 0; k < draws.Count; k++)
        {
            columns[i][k] = double.CreateChecked(draws[k, i]);
        }
    }

    return columns;
}

static (double Mean, double Sd) Moments(double[] values)
{
    double mean = values.Average();
    return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)));
}

static double Median(double[] values)
{
    double[] sorted = [.. values.Order()];
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
}

// ∫ |F_a(x) − F_b(x)| dx between the two empirical distributions, walking their merged sorted values.
static double Wasserstein1(double[] a, double[] b)
{
    double[] x = [.. a.Order()];
    double[] y = [.. b.Order()];
    int i = 0, j = 0;
    double previous = Math.Min(x[0], y[0]);
    double distance = 0;
    while (i < x.Length || j < y.Length)
    {
        double next = j >= y.Length || (i < x.Length && x[i] <= y[j]) ? x[i] : y[j];
        distance += Math.Abs(((double)i / x.Length) - ((double)j / y.Length)) * (next - previous);
        previous = next;
        if (i < x.Length && x[i] == next)
        {
            i++;
        }
        else
        {
            j++;
        }
    }

    return distance;
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelGen.Inference;
using ModelGen.Optimizers;
using ModelGen.Samples.AdviStudy;

// The study behind ADVI's default (docs/advi-defaults.md). For each model of the panel and each seed, the old default
// (AdviOptions.Legacy) and the new one (new AdviOptions()) are fitted and judged against the optimum of the same variational
// family: right when every unconstrained mean is within 0.1 of the optimum's sd and every sd within 10 % of the optimum's.
// The optimum: a long run at a small step, its last iterates averaged (Reference below), found twice to show it is stable.
// Options: --seeds N (default 20), --models a,b (substrings of the names), --out FILE (markdown, default advi-study.md),
// --cache DIR (optima kept between runs, default advi-study-cache), --verbose (each fit's message), --trace (the new fit's ELBO
// averaged over each 2,000 iterations), --no-polish (skip the networks' long runs from seed 1's fit), --judge N (judge the networks' new fits of seeds 1–N against
// their own basin's optimum: NetworkJudgement below), --plateau-after N (the new default with StationaryAverage.PlateauAfter N), --batch N
// (minibatch fits, batches of N rows drawn with replacement, of the models that have them, judged against the full data's optimum).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int seeds = 20;
string[]? filter = null;
string output = "advi-study.md";
string cache = "advi-study-cache";
bool verbose = false;
bool trace = false;
bool polish = true;
int judge = 0;
int batch = 0;
AdviOptions newDefault = new();
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--seeds": seeds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--models": filter = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
        case "--out": output = Value(); break;
        case "--cache": cache = Value(); break;
        case "--verbose": verbose = true; break;
        case "--trace": trace = true; break;
        case "--no-polish": polish = false; break;
        case "--judge": judge = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--batch": batch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--plateau-after": newDefault = new() { Convergence = new StationaryAverage(PlateauAfter: int.Parse(Value(), CultureInfo.InvariantCulture)) }; break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --seeds N, --models a,b, --out FILE, --cache DIR, --verbose, --trace, --no-polish, --judge N, --plateau-after N, --batch N.");
    }
}

Directory.CreateDirectory(cache);
IReadOnlyList<Case> panel = [.. Cases.All().Where(c => (filter is null || filter.Any(f => c.Name.Contains(f, StringComparison.OrdinalIgnoreCase))) && (batch == 0 || c.Batched is not null))];
var rows = new List<string>();
var notes = new List<string>();
Console.WriteLine($"{panel.Count} models × {seeds} seeds; optima cached under {cache}");
foreach (Case c in panel)
{
    long started = System.Diagnostics.Stopwatch.GetTimestamp();

    // A unimodal posterior has one optimum, found from the new default's start. A network's has many modes, and long runs
    // continued from one fit do not settle on one (Reference.PolishStability), so its fits are not judged.
    Reference? global = c.Multimodal ? null : Reference.Find(c, cache);
    if (global is not null)
    {
        notes.Add($"- **{c.Name}**: optimum from two long runs; they differ by at most {global.MeanGap:F4} optimum sds in a mean and {global.SdGap:P2} in an sd.");
    }

    var old = new List<(Outcome Fit, double MeanError, double SdRatio)>();
    var neu = new List<(Outcome Fit, double MeanError, double SdRatio)>();
    for (int seed = 1; seed <= seeds; seed++)
    {
        Outcome o = batch > 0 ? c.Batched!(AdviOptions.Legacy with { Seed = (ulong)seed }, batch) : c.Fit(AdviOptions.Legacy with { Seed = (ulong)seed });
        Outcome n = batch > 0 ? c.Batched!(newDefault with { Seed = (ulong)seed }, batch) : c.Fit(newDefault with { Seed = (ulong)seed });
        // A network's fits are judged only where a stable optimum exists to judge them by (see the notes): not per seed.
        old.Add(global is null ? (o, double.NaN, double.NaN) : (o, MeanError(o, global.A), SdRatio(o, global.A)));
        neu.Add(global is null ? (n, double.NaN, double.NaN) : (n, MeanError(n, global.A), SdRatio(n, global.A)));
        if (verbose)
        {
            Console.WriteLine($"    old: {o.Message}\n    new: {n.Message}");
        }

        if (trace)
        {
            // Each 2,000 iterations' estimates averaged, so a slow climb shows through the estimates' noise.
            Console.WriteLine($"    new ELBO: {string.Join(", ", n.Elbo.GroupBy(p => (p.Iteration - 1) / 2_000).Select(g => $"{(g.Key + 1) * 2}k {g.Average(p => p.Value):F1}"))}");
        }

        string accuracy = n.Accuracy is { } a ? $", held-out accuracy old {o.Accuracy:P1} new {a:P1}" : string.Empty;
        Console.WriteLine($"  {c.Name} seed {seed}: old {old[^1].MeanError:F3}/{old[^1].SdRatio:F3} ({o.Iterations} it, {o.Stop}), new {neu[^1].MeanError:F3}/{neu[^1].SdRatio:F3} ({n.Iterations} it, {n.Stop}){accuracy}");
    }

    if (c.Multimodal)
    {
        (double meanGap, double sdGap) = polish ? Reference.PolishStability(c, neu[0].Fit.Mean, cache) : (double.NaN, double.NaN);
        if (neu.All(r => r.Fit.Accuracy is not null))
        {
            static string Range(IEnumerable<double> v) => $"{v.Min() * 100:F1}–{v.Max() * 100:F1} % (median {v.Order().ElementAt(v.Count() / 2) * 100:F1} %)";
            notes.Add($"- **{c.Name}**: held-out accuracy (posterior predictive, 400 draws) old {Range(old.Select(r => r.Fit.Accuracy!.Value))}, new {Range(neu.Select(r => r.Fit.Accuracy!.Value))}; "
                + $"the new default stopped at {Range2(neu.Select(r => (double)r.Fit.Iterations))} iterations, {neu.Count(r => r.Fit.Stop == StopReason.IterationLimit)} of {neu.Count} at the cap.");
            static string Range2(IEnumerable<double> v) => $"{v.Min():N0}–{v.Max():N0}";
        }

        if (polish)
        {
            notes.Add($"- **{c.Name}** (many modes): no optimum to judge by. Two long runs continued from seed 1's new fit (the optimum of its basin, if it had one) "
                + $"differ by {meanGap:F2} optimum sds in a mean and {sdGap:P0} in an sd, far beyond the tolerance: the runs wander between modes, so right/wrong is not reported.");
        }
    }

    if (c.Multimodal && judge > 0)
    {
        notes.Add(NetworkJudgement.Run(c, [.. neu.Take(judge).Select(r => r.Fit)], cache));
    }

    rows.Add(Row(c, old, neu));
    Console.WriteLine(rows[^1]);
    Console.WriteLine($"  ({System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)");
}

string cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown" : Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown";
var md = new StringBuilder();
md.AppendLine($"Run `dotnet run -c Release --project Samples/AdviStudy -- --seeds {seeds}{(filter is null ? string.Empty : $" --models \"{string.Join(',', filter)}\"")}{(batch > 0 ? $" --batch {batch}" : string.Empty)}` on {cpu}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
md.AppendLine();
md.AppendLine("| model | old: right | new: right | old: worst mean error (optimum sds) | new: worst mean error | old: worst sd ratio | new: worst sd ratio | old: gradients (median) | new: gradients (median) | old: wall (median) | new: wall (median) | old: said Converged (of them wrong) | new: said Converged (of them wrong) |");
md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
rows.ForEach(r => md.AppendLine(r));
md.AppendLine();
notes.ForEach(n => md.AppendLine(n));
File.WriteAllText(output, md.ToString());
Console.WriteLine($"wrote {output}");

// max over coordinates of |mean − optimum's mean| / optimum's sd.
static double MeanError(Outcome fit, Reference.Optimum optimum) =>
    fit.Mean.Select((m, i) => Math.Abs(m - optimum.Mean[i]) / optimum.Sd[i]).Max();

// the sd ratio farthest from 1 (in |ratio − 1|).
static double SdRatio(Outcome fit, Reference.Optimum optimum) =>
    fit.Sd.Select((s, i) => s / optimum.Sd[i]).MaxBy(r => Math.Abs(r - 1));

static bool Right((Outcome Fit, double MeanError, double SdRatio) r) => r.MeanError <= 0.1 && Math.Abs(r.SdRatio - 1) <= 0.1;

static string Row(Case c, List<(Outcome Fit, double MeanError, double SdRatio)> old, List<(Outcome Fit, double MeanError, double SdRatio)> neu)
{
    static string Median(IEnumerable<double> v)
    {
        double[] s = [.. v.Order()];
        return (s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2).ToString("N0", CultureInfo.InvariantCulture);
    }

    static string Wall(IEnumerable<double> v)
    {
        double[] s = [.. v.Order()];
        double m = s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
        return m < 1 ? $"{m * 1000:F0} ms" : $"{m:F1} s";
    }

    static string Ratio(IEnumerable<double> v) => v.MaxBy(r => Math.Abs(r - 1)) switch { double.NaN => "n/a", var r when r >= 100 => $"{r:G2}", var r => $"{r:F2}" };
    static string Error(IEnumerable<double> v) => v.Max() switch { double.NaN => "n/a", var e when e >= 100 => $"{e:G2}", var e => $"{e:F2}" };
    static string Count(List<(Outcome Fit, double MeanError, double SdRatio)> x, Func<(Outcome Fit, double MeanError, double SdRatio), bool> which) =>
        x.Any(r => double.IsNaN(r.MeanError)) ? "n/a" : $"{x.Count(which)}/{x.Count}";
    static string Converged(List<(Outcome Fit, double MeanError, double SdRatio)> x) => $"{x.Count(r => r.Fit.Stop == StopReason.Converged)} ({x.Count(r => r.Fit.Stop == StopReason.Converged && !double.IsNaN(r.MeanError) && !Right(r))})";

    return $"| {c.Name} | {Count(old, Right)} | {Count(neu, Right)} | {Error(old.Select(r => r.MeanError))} | {Error(neu.Select(r => r.MeanError))} | {Ratio(old.Select(r => r.SdRatio))} | {Ratio(neu.Select(r => r.SdRatio))} "
        + $"| {Median(old.Select(r => (double)r.Fit.Gradients))} | {Median(neu.Select(r => (double)r.Fit.Gradients))} | {Wall(old.Select(r => r.Fit.Wall.TotalSeconds))} | {Wall(neu.Select(r => r.Fit.Wall.TotalSeconds))} "
        + $"| {Converged(old)} | {Converged(neu)} |";
}

/// <summary>
/// The optimum of a model's variational family (mean-field): the fit's own coordinates stepped by Adam at a small step for a
/// long run from the new default's start, the iterates of its last part averaged (AdviOptions.AverageLast). Run A: 200,000
/// steps at 0.002, the last 150,000 averaged, seed 1,001; run B: 300,000 steps at 0.001, the last 200,000 averaged, seed 2,002;
/// both ReferenceScale times longer for a model that settles slowly.
/// </summary>
internal sealed record Reference(Reference.Optimum A, double MeanGap, double SdGap)
{
    internal sealed record Optimum(double[] Mean, double[] Sd);

    private static AdviOptions RunA => new() { Schedule = AdviSchedule.Standardized, Iterations = 200_000, AverageLast = 150_000, Optimizer = new Adam(0.002), Seed = 1_001, ParetoKDraws = 0 };

    private static AdviOptions RunB => new() { Schedule = AdviSchedule.Standardized, Iterations = 300_000, AverageLast = 200_000, Optimizer = new Adam(0.001), Seed = 2_002, ParetoKDraws = 0 };

    public static Reference Find(Case c, string cache)
    {
        int k = c.ReferenceScale;
        Optimum a = Cached(c, "A", null, RunA with { Iterations = k * 200_000, AverageLast = k * 150_000 }, cache);
        Optimum b = Cached(c, "B", null, RunB with { Iterations = k * 300_000, AverageLast = k * 200_000 }, cache);
        return new Reference(a, Gap(a, b).Mean, Gap(a, b).Sd);
    }

    /// <summary>How far apart two long runs continued from a network's fit end (runs A and B from the fit's means).</summary>
    public static (double Mean, double Sd) PolishStability(Case c, double[] from, string cache)
    {
        Optimum a = Cached(c, "polish1", from, RunA with { InitialMean = from, Iterations = 150_000, AverageLast = 100_000 }, cache);
        Optimum b = Cached(c, "polish1b", from, RunB with { InitialMean = from, Iterations = 250_000, AverageLast = 150_000 }, cache);
        return Gap(a, b);
    }

    private static (double Mean, double Sd) Gap(Optimum a, Optimum b) =>
        (a.Mean.Select((m, i) => Math.Abs(m - b.Mean[i]) / b.Sd[i]).Max(), a.Sd.Select((s, i) => Math.Abs((s / b.Sd[i]) - 1)).Max());

    private static Optimum Cached(Case c, string which, double[]? from, AdviOptions options, string cache)
    {
        // Keyed by the model, the run and where it started, so a changed fit never reads a stale optimum.
        string start = from is null ? "default" : NetworkJudgement.Start(from);
        string path = Path.Combine(cache, $"{c.Name.Replace(' ', '-').Replace(',', '_')}.{which}.{start}.json");
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<Optimum>(File.ReadAllText(path))!;
        }

        Outcome fit = c.Fit(options);
        var optimum = new Optimum(fit.Mean, fit.Sd);
        File.WriteAllText(path, JsonSerializer.Serialize(optimum));
        Console.WriteLine($"  optimum {c.Name} {which}: {fit.Wall.TotalSeconds:F1} s");
        return optimum;
    }
}

/// <summary>
/// A network's fit judged against the optimum of its own basin. A network's posterior has many modes (units swap and flip
/// sign), so the fits of different seeds approximate different, equally good modes and their means cannot be compared
/// coordinate by coordinate with one optimum. What can be compared is what the symmetries leave unchanged: the ELBO (and the
/// held-out predictions). The optimum of a fit's basin is the issue's recipe continued from the fit itself: its means and
/// sds as the start (AdviOptions.InitialMean and InitialScale), then Adam at 0.002 for 150,000 steps, the last 5,000 iterates
/// averaged (a short average: iterates that wander along a ridge average to a point off it). Beside it, the same recipe from
/// the seed's own start (the same start and coordinates as the default fit; the sixth round's definition and the fourth's):
/// a run from the start with small steps may settle in another local optimum of the ELBO than the fit's (the hierarchical
/// network has one near −105.5 nats, where a second unit shares a first one's work, and one near −102.5), so it judges the
/// optimizer's path, not whether the fit reached the optimum of the basin it is in. Run B (Adam at 0.001 for 250,000 steps from
/// the start, seed 1 only) shows how well an optimum's ELBO is known.
/// <para>Right: the fit's ELBO within 0.015·d nats of its basin's optimum's, d the unconstrained dimension. That is the issue's
/// tolerance (means within 0.1 optimum sd, sds within 10 %) in nats: near an optimum the ELBO lost by a mean-field q whose means
/// are δᵢ optimum sds off and whose sds are rᵢ times the optimum's is Σ (δᵢ²/2 + (rᵢ² − 1)/2 − log rᵢ) (for a Gaussian target,
/// exactly so in the sds), which at δ = 0.1, r = 1.1 is 0.005 + 0.0097 = 0.015 nats a coordinate. Both ELBOs are estimated on the
/// same 4,000 draws of ε (Outcome.PreciseElbo).</para>
/// </summary>
internal static class NetworkJudgement
{
    internal const double NatsPerCoordinate = 0.015;

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static AdviOptions Basin(ulong seed) => new() { Schedule = AdviSchedule.Standardized, Iterations = 150_000, AverageLast = 5_000, Optimizer = new Adam(0.002), Seed = seed, ParetoKDraws = 0 };

    public static string Run(Case c, IReadOnlyList<Outcome> fits, string cache)
    {
        int d = fits[0].Mean.Length;
        double tolerance = NatsPerCoordinate * d;
        var gaps = new List<double>();
        var lines = new List<string>();
        int right = 0, rightFromStart = 0;
        for (int s = 0; s < fits.Count; s++)
        {
            ulong seed = (ulong)(s + 1);
            Outcome fit = fits[s];
            Outcome own = Cached(c, $"continued{seed}.{Start([.. fit.Mean, .. fit.Sd])}", Basin(seed) with { InitialMean = fit.Mean, InitialScale = fit.Sd }, cache);
            Outcome fromStart = Cached(c, $"basin{seed}", Basin(seed), cache);
            double gap = own.PreciseElbo - fit.PreciseElbo, gapFromStart = fromStart.PreciseElbo - fit.PreciseElbo;
            gaps.Add(gap);
            right += gap <= tolerance ? 1 : 0;
            rightFromStart += gapFromStart <= tolerance ? 1 : 0;
            lines.Add($"seed {seed}: fit {fit.PreciseElbo:F1} ± {fit.PreciseElboError:F1} ({fit.Iterations:N0} it, {fit.Stop}, held-out {fit.Accuracy:P1}), its basin {own.PreciseElbo:F1} (gap {gap:F2}), from the start {fromStart.PreciseElbo:F1} (gap {gapFromStart:F2}, held-out {fromStart.Accuracy:P1})");
            Console.WriteLine($"  {c.Name} judged: {lines[^1]}");
        }

        Outcome b = Cached(c, "basin1B", Basin(1) with { Iterations = 250_000, Optimizer = new Adam(0.001) }, cache);
        Outcome a = Cached(c, "basin1", Basin(1), cache);
        return $"- **{c.Name}** judged against each fit's basin optimum (d = {d}, tolerance {tolerance:F2} nats): right on {right} of {fits.Count} "
            + $"(against the optimum reached from the seed's start instead: {rightFromStart}); "
            + $"ELBO gaps {gaps.Min():F2} to {gaps.Max():F2} nats (median {gaps.Order().ElementAt(gaps.Count / 2):F2}); seed 1's optimum from its start by runs A and B: {a.PreciseElbo:F2} and {b.PreciseElbo:F2} "
            + $"(held-out {a.Accuracy:P1} and {b.Accuracy:P1}). Per seed: {string.Join("; ", lines)}.";
    }

    /// <summary>A cache file's key for a start: the first 16 hex digits of the SHA-256 of its values.</summary>
    internal static string Start(double[] from) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(from.SelectMany(BitConverter.GetBytes).ToArray()))[..16];

    private static Outcome Cached(Case c, string which, AdviOptions options, string cache)
    {
        string path = Path.Combine(cache, $"{c.Name.Replace(' ', '-').Replace(',', '_')}.{which}.json");
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<Outcome>(File.ReadAllText(path), Json)!;
        }

        Outcome fit = c.Fit(options) with { Message = null };
        File.WriteAllText(path, JsonSerializer.Serialize(fit with { Elbo = [] }, Json));
        Console.WriteLine($"  basin optimum {c.Name} {which}: {fit.Wall.TotalSeconds:F1} s");
        return fit;
    }
}

using System.Globalization;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Optimizers;
using ModelGen.Random;
using ModelGen.Samples.CountRegression;

// Simulate count regressions with known coefficients and check each parameter's truth against its posterior: mean, sd
// and whether the 90 % interval (5 %–95 %) holds it. First Poisson counts fitted by the Poisson model; then
// over-dispersed (negative binomial, φ = 3) counts fitted by both the Poisson model and a negative binomial model with a
// learned φ, and a posterior predictive check: the variance of counts simulated from each fit against the data's.
// Adam's step is lowered from the default 0.01 to 0.002, as in Samples/Regression: with 2,000 rows the posterior sds
// are small, and at a constant step the final iterate jitters by about √(step·sd/2) in each unconstrained coordinate.
// At that step q's sds would take many thousand iterations to shrink from the default start (softplus(0) ≈ 0.69) to
// the posterior's (about 0.015 here), so they start near it: ρ = −4, σ = softplus(−4) ≈ 0.018. The ELBO is estimated
// every 1,000 steps instead of 100 (only the last is printed): the negative binomial's density with a learned φ costs
// a log Γ and a digamma per row, and 100 ELBO draws every 100 steps would double the fit's time.
// Options: --rows N --iterations N --learning-rate X --initial-rho X --draws N --seed N.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int rows = 2_000;
int iterations = 5_000;
double learningRate = 0.002;
double initialRho = -4;
int drawCount = 4_000;
ulong seed = 11;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--rows": rows = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--iterations": iterations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--draws": drawCount = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--learning-rate": learningRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--initial-rho": initialRho = double.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --rows N, --iterations N, --learning-rate X, --initial-rho X, --draws N, --seed N.");
    }
}

double[] weights = [0.8, -0.4, 0.2];
const double Bias = 0.5;
const double Dispersion = 3;
var options = new AdviOptions { Iterations = iterations, Seed = seed, Optimizer = new Adam(learningRate), InitialRho = initialRho, ElboEvery = 1_000 };
double[,] x = Features(rows, weights.Length, seed);

// 1. Poisson counts, Poisson model.
double[] poissonCounts = Counts(x, weights, Bias, dispersion: null, seed + 1);
Console.WriteLine($"data: {rows} rows, 3 standardised features x ~ N(0, 1), log μ = {Bias} + {weights[0]}·x₀ {weights[1]}·x₁ + {weights[2]}·x₂, seed {seed}");
Console.WriteLine();
Console.WriteLine($"1. y ~ Poisson(μ): mean {Mean(poissonCounts):F3}, variance {Variance(poissonCounts):F3}, largest {poissonCounts.Max()}");
var poisson = new PoissonRegression(x, poissonCounts);
_ = FitAndReport("Poisson model", poisson.Fit(options), PoissonTruth(poisson));

// 2. Over-dispersed counts: the Poisson model and the negative binomial model.
double[] counts = Counts(x, weights, Bias, Dispersion, seed + 2);
double dataVariance = Variance(counts);
Console.WriteLine();
Console.WriteLine($"2. y ~ NegativeBinomial(μ, φ = {Dispersion}), variance μ + μ²/φ: mean {Mean(counts):F3}, variance {dataVariance:F3}, largest {counts.Max()}");
var overPoisson = new PoissonRegression(x, counts);
Draws<double> overPoissonDraws = FitAndReport("Poisson model", overPoisson.Fit(options), PoissonTruth(overPoisson));
var negativeBinomial = new NegativeBinomialRegression(x, counts);
var nbTruth = new double[NegativeBinomialRegression.ParameterCount];
for (int i = 0; i < weights.Length; i++)
{
    nbTruth[negativeBinomial.LogRate.Weights.Offset + i] = weights[i];
}

nbTruth[negativeBinomial.LogRate.Bias!.Offset] = Bias;
nbTruth[negativeBinomial.Phi.Block.Offset] = Dispersion;
Console.WriteLine();
Draws<double> nbDraws = FitAndReport("negative binomial model", negativeBinomial.Fit(options), nbTruth);

// The posterior predictive check: one simulated data set (all rows) per draw, its variance against the data's.
const int Replicates = 1_000;
Console.WriteLine();
Console.WriteLine($"posterior predictive check: variance of the counts in {Replicates} data sets simulated at the rows' x, one per posterior draw");
Console.WriteLine($"{"model",-18} {"mean",8} {"5%",8} {"95%",8}  {"data",8}  P(simulated ≥ data)");
Check("Poisson", overPoisson.SamplePredictive(x, overPoissonDraws, Replicates, seed + 3), dataVariance);
Check("negative binomial", negativeBinomial.SamplePredictive(x, nbDraws, Replicates, seed + 3), dataVariance);

double[] PoissonTruth(PoissonRegression model)
{
    var truth = new double[PoissonRegression.ParameterCount];
    for (int i = 0; i < weights.Length; i++)
    {
        truth[model.LogRate.Weights.Offset + i] = weights[i];
    }

    truth[model.LogRate.Bias!.Offset] = Bias;
    return truth;
}

Draws<double> FitAndReport(string name, AdviFit<double> fit, double[] truth)
{
    string k = fit.ParetoK is { } pk ? $"Pareto k̂ {pk.K:F2} ({pk.Reading})" : "no Pareto k̂";
    Console.WriteLine($"{name}: {fit.Iterations} iterations in {fit.Elapsed.TotalSeconds:F2} s, final ELBO {fit.Elbo[^1].Value:F1}, {k}{(fit.Message is null ? string.Empty : "; " + fit.Message)}");
    Draws<double> draws = fit.Sample(drawCount, seed);
    IReadOnlyList<ParameterSummary> summaries = draws.Summarize();
    Console.WriteLine($"  {"parameter",-20} {"true",7} {"mean",8} {"sd",7} {"5%",8} {"95%",8}  in 90 %?");
    int inside = 0;
    for (int i = 0; i < summaries.Count; i++)
    {
        ParameterSummary s = summaries[i];
        bool covered = s.Q5 <= truth[i] && truth[i] <= s.Q95;
        inside += covered ? 1 : 0;
        Console.WriteLine($"  {s.Name,-20} {truth[i],7:F3} {s.Mean,8:F4} {s.StandardDeviation,7:F4} {s.Q5,8:F4} {s.Q95,8:F4}  {(covered ? "yes" : "no")}");
    }

    Console.WriteLine($"  {inside} of {summaries.Count} true values inside their 90 % interval (about {0.9 * summaries.Count:F1} expected)");
    return draws;
}

static void Check(string name, double[,] simulated, double dataVariance)
{
    int sets = simulated.GetLength(0);
    int n = simulated.GetLength(1);
    var variances = new double[sets];
    int above = 0;
    for (int d = 0; d < sets; d++)
    {
        double sum = 0;
        double squares = 0;
        for (int r = 0; r < n; r++)
        {
            sum += simulated[d, r];
            squares += simulated[d, r] * simulated[d, r];
        }

        double mean = sum / n;
        variances[d] = (squares - (n * mean * mean)) / (n - 1);
        above += variances[d] >= dataVariance ? 1 : 0;
    }

    Array.Sort(variances);
    Console.WriteLine($"{name,-18} {variances.Average(),8:F3} {ParameterSummary.Quantile(variances, 0.05),8:F3} {ParameterSummary.Quantile(variances, 0.95),8:F3}  {dataVariance,8:F3}  {(double)above / sets:F3}");
}

static double[,] Features(int rows, int columns, ulong seed)
{
    // Draw N(0, 1) columns, then standardise each to mean 0 and sd 1 exactly, as a real design would be.
    var rng = new Rng(seed);
    var x = new double[rows, columns];
    for (int c = 0; c < columns; c++)
    {
        double sum = 0;
        double squares = 0;
        for (int r = 0; r < rows; r++)
        {
            x[r, c] = rng.NextNormal();
            sum += x[r, c];
        }

        double mean = sum / rows;
        for (int r = 0; r < rows; r++)
        {
            squares += (x[r, c] - mean) * (x[r, c] - mean);
        }

        double sd = Math.Sqrt(squares / (rows - 1));
        for (int r = 0; r < rows; r++)
        {
            x[r, c] = (x[r, c] - mean) / sd;
        }
    }

    return x;
}

static double[] Counts(double[,] x, double[] weights, double bias, double? dispersion, ulong seed)
{
    var rng = new Rng(seed);
    var y = new double[x.GetLength(0)];
    for (int r = 0; r < y.Length; r++)
    {
        double logRate = bias;
        for (int c = 0; c < weights.Length; c++)
        {
            logRate += weights[c] * x[r, c];
        }

        double mu = Math.Exp(logRate);
        y[r] = dispersion is { } phi ? Sample.NegativeBinomial(ref rng, mu, phi) : Sample.Poisson(ref rng, mu);
    }

    return y;
}

static double Mean(double[] values) => values.Average();

static double Variance(double[] values)
{
    double mean = values.Average();
    return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
}

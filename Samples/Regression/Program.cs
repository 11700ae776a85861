using System.Globalization;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Optimizers;
using ModelGen.Random;
using ModelGen.Samples.Regression;
using ModelGen.Sampling;

// Simulate a linear regression with known coefficients and noise, fit it with learned noise, and check each
// parameter's truth against its posterior: mean, sd and whether the 90 % interval (5 %–95 %) holds it.
// Adam's step is lowered from the default 0.01 to 0.002: at a constant step the final iterate jitters around the
// optimum by about √(step·sd/2) in each unconstrained coordinate, a sizeable part of a posterior sd this small.
// Options: --rows N --iterations N --learning-rate X --draws N --seed N.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int rows = 200;
int iterations = 40_000;
double learningRate = 0.002;
int drawCount = 10_000;
ulong seed = 7;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--rows": rows = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--iterations": iterations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--draws": drawCount = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--learning-rate": learningRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --rows N, --iterations N, --learning-rate X, --draws N, --seed N.");
    }
}

double[] weights = [1.5, -2.0, 0.5];
const double Bias = 0.8;
const double Noise = 0.7;
(double[,] x, double[] y, double drawnNoise) = Simulate(rows, weights, Bias, Noise, seed);
Console.WriteLine($"data: {rows} rows, y = {weights[0]}·x₀ {weights[1]}·x₁ + {weights[2]}·x₂ + {Bias} + N(0, {Noise}²), x ~ N(0, 1), seed {seed}");
Console.WriteLine($"      the {rows} noise values drawn have root mean square {drawnNoise:F4}: what the data can tell about σ");

var model = new RegressionModel(x, y);
AdviFit<double> fit = model.Fit(new AdviOptions { Iterations = iterations, Seed = seed, Optimizer = new Adam(learningRate) });
Console.WriteLine($"fit: {fit.Iterations} iterations in {fit.Elapsed.TotalSeconds:F2} s, final ELBO {fit.Elbo[^1].Value:F1}{(fit.Message is null ? string.Empty : "; " + fit.Message)}");

Draws<double> draws = fit.Sample(drawCount, seed);
IReadOnlyList<ParameterSummary> summaries = draws.Summarize();

// The value that generated the data, at each parameter's place in the flat layout.
var truth = new double[RegressionModel.ParameterCount];
for (int i = 0; i < weights.Length; i++)
{
    truth[model.Line.Weights.Offset + i] = weights[i];
}

truth[model.Line.Bias!.Offset] = Bias;
truth[model.Sigma.Block.Offset] = Noise;

Console.WriteLine($"{"parameter",-16} {"true",7} {"mean",8} {"sd",7} {"5%",8} {"95%",8}  in 90 %?");
int inside = 0;
for (int i = 0; i < summaries.Count; i++)
{
    ParameterSummary s = summaries[i];
    bool covered = s.Q5 <= truth[i] && truth[i] <= s.Q95;
    inside += covered ? 1 : 0;
    Console.WriteLine($"{s.Name,-16} {truth[i],7:F3} {s.Mean,8:F4} {s.StandardDeviation,7:F4} {s.Q5,8:F4} {s.Q95,8:F4}  {(covered ? "yes" : "no")}");
}

Console.WriteLine($"{inside} of {summaries.Count} true values inside their 90 % interval (each is a 90 % event, so about {0.9 * summaries.Count:F1} expected)");

// The same data under flat priors (Stan's default when no prior is written), by NUTS: with this much data the
// posterior barely moves; SamplePrior would refuse this model, since a flat prior has nothing to draw from.
var flat = new FlatRegressionModel(x, y);
NutsFit<double> nuts = flat.Nuts(new NutsOptions { Seed = seed });
Console.WriteLine($"flat priors, NUTS: {nuts.Chains} chains × {nuts.DrawsPerChain} draws in {nuts.Elapsed.TotalSeconds:F2} s, {nuts.Divergences} divergences");
foreach (ParameterSummary s in nuts.Draws.Summarize())
{
    Console.WriteLine($"{s.Name,-16} {"",7} {s.Mean,8:F4} {s.StandardDeviation,7:F4} {s.Q5,8:F4} {s.Q95,8:F4}");
}

static (double[,] X, double[] Y, double DrawnNoise) Simulate(int rows, double[] weights, double bias, double noise, ulong seed)
{
    var rng = new Rng(seed);
    var x = new double[rows, weights.Length];
    var y = new double[rows];
    double squares = 0;
    for (int r = 0; r < rows; r++)
    {
        double mean = bias;
        for (int c = 0; c < weights.Length; c++)
        {
            x[r, c] = rng.NextNormal();
            mean += weights[c] * x[r, c];
        }

        double e = noise * rng.NextNormal();
        squares += e * e;
        y[r] = mean + e;
    }

    return (x, y, Math.Sqrt(squares / rows));
}

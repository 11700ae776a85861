using System.Globalization;
using ModelGen;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.HierarchicalMoons;
using ModelGen.Samples.Moons;

// The seed notebook's closing idea, a hierarchical Bayesian neural network: the moons network with learned weight
// scales, fitted beside the plain network (Normal(0, 1) weights, as Samples/Moons) with the same seed and
// iterations. Prints both held-out accuracies and the posterior of the learned scales.
// Options: --iterations N --draws N --seed N.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int iterations = 30_000;
int drawCount = 5_000;
ulong seed = 1;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--iterations": iterations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--draws": drawCount = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --iterations N, --draws N, --seed N.");
    }
}

MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
Console.WriteLine($"data: seed notebook's make_moons, {data.TrainY.Length} train / {data.TestY.Length} test rows; {iterations} ADVI iterations, seed {seed}, {drawCount} draws");

var options = new AdviOptions { Iterations = iterations, Seed = seed };

var plain = new MoonsNetwork(data.TrainX, data.TrainY);
AdviFit<float> plainFit = plain.Fit(options);
double plainAccuracy = plain.Predict(data.TestX, plainFit.Sample(drawCount, seed)).Accuracy<float>(data.TestY);

var hierarchical = new HierarchicalMoonsNetwork(data.TrainX, data.TrainY);
AdviFit<float> fit = hierarchical.Fit(options);
Draws<float> draws = fit.Sample(drawCount, seed);
PosteriorPredictive test = hierarchical.Predict(data.TestX, draws);
double accuracy = test.Accuracy<float>(data.TestY);

Console.WriteLine($"plain        (Normal(0, 1) weights, {MoonsNetwork.ParameterCount} parameters): held-out accuracy {plainAccuracy * 100:F1} %, final ELBO {plainFit.Elbo[^1].Value:F1}, fit {plainFit.Elapsed.TotalSeconds:F2} s");
Console.WriteLine($"hierarchical (learned scales, {HierarchicalMoonsNetwork.ParameterCount} parameters): held-out accuracy {accuracy * 100:F1} %, final ELBO {fit.Elbo[^1].Value:F1}, fit {fit.Elapsed.TotalSeconds:F2} s");
foreach (string note in new[] { plainFit.Message, fit.Message }.OfType<string>())
{
    Console.WriteLine($"note: {note}");
}

// The learned scales: a scale's posterior says how far from 0 that group of weights is allowed to go.
IReadOnlyList<ParameterSummary> summaries = draws.Summarize();
Console.WriteLine("learned weight scales (posterior under ADVI's mean-field approximation):");
foreach (Parameter scale in new[] { hierarchical.Hidden1Scales, hierarchical.Hidden2Scale, hierarchical.OutputScale })
{
    for (int i = 0; i < scale.Block.Length; i++)
    {
        ParameterSummary s = summaries[scale.Block.Offset + i];
        Console.WriteLine($"  {s.Name,-18} mean {s.Mean,7:F3}  sd {s.StandardDeviation,6:F3}  5% {s.Q5,7:F3}  95% {s.Q95,7:F3}");
    }
}

// What each first-layer scale governs: the typical size of the two weights into that unit.
BlockDraws<float> w1 = draws[hierarchical.Hidden1.Weights];
Console.Write("  |weight| into each first-layer unit (posterior mean of √(w₁² + w₂²)/√2):");
for (int unit = 0; unit < hierarchical.Hidden1.Units; unit++)
{
    double sum = 0;
    for (int k = 0; k < w1.Count; k++)
    {
        double a = w1[k, unit];
        double b = w1[k, hierarchical.Hidden1.Units + unit];
        sum += Math.Sqrt(((a * a) + (b * b)) / 2);
    }

    Console.Write($" {sum / w1.Count:F3}");
}

Console.WriteLine();

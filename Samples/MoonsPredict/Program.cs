using System.Globalization;
using ModelGen.Draws;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.Moons;
using ModelGen.Simd;

// An application's prediction path: load the posterior the Moons sample saved (out/fit.mgfit by
// default), draw from it, and predict the held-out half. No fitting, no training data.
// Options: --fit PATH --draws N.
string path = "out/fit.mgfit";
int count = 5_000;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--fit":
            path = args[i + 1];
            break;
        case "--draws":
            count = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Options: --fit PATH, --draws N.");
            return 2;
    }
}

if (!File.Exists(path))
{
    Console.Error.WriteLine($"No saved posterior at '{path}': run the Moons sample first (dotnet run --project Samples/Moons -c Release).");
    return 1;
}

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"simd: {SimdSupport.Describe()}");

// A model with no rows bound: the posterior brings the parameters, Predict brings the inputs.
var model = new MoonsNetwork();
AdviFit<float> fit = AdviFit<float>.Load(path, model);
Draws<float> draws = fit.Sample(count);
MoonsData data = MoonsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "moons_train.csv"), Path.Combine(AppContext.BaseDirectory, "Data", "moons_test.csv"));
PosteriorPredictive test = model.Predict(data.TestX, draws);
Console.WriteLine($"loaded: {fit.Iterations} iterations, seed {fit.Seed}, final ELBO {(fit.Elbo.Count > 0 ? fit.Elbo[^1].Value : double.NaN):F1}");
Console.WriteLine($"accuracy: {test.Accuracy<float>(data.TestY) * 100:F1} % on {data.TestY.Length} held-out rows (mean over {count} draws of P(y = 1) > 0.5)");
return 0;

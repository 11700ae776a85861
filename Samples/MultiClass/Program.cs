using System.Diagnostics;
using System.Globalization;
using ModelGen.Inference;
using ModelGen.Prediction;
using ModelGen.Samples.MultiClass;

// A three-class Bayesian neural network on a simulated 3-arm spiral: draw the data from a known distribution (fixed
// seed), standardise the features with the training half's mean and sd, hold out the other half, fit by ADVI, and
// compare the held-out accuracy with the Bayes-optimal rule of the generating distribution, which no classifier can
// beat on average. Also printed: per-class accuracy, the confusion matrix, and the predictive probability of the true
// class with its posterior sd, for the rows the model gets right and the rows it gets wrong.
// Options: --rows N (total, half held out) --iterations N --draws N --seed N.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int rows = 1_200;
int iterations = 30_000;
int drawCount = 2_000;
ulong seed = 1;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
    switch (args[i])
    {
        case "--rows": rows = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--iterations": iterations = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--draws": drawCount = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --rows N, --iterations N, --draws N, --seed N.");
    }
}

if (rows < 4)
{
    throw new ArgumentException($"--rows is {rows}; at least 4 are needed, half of them held out.");
}

var clock = Stopwatch.StartNew();
(double[,] all, int[] labels) = Spiral.Draw(rows, seed);
int trainRows = rows / 2;
int testRows = rows - trainRows;
(float[,] trainX, float[] trainY, float[,] testX, float[] testY) = Split(all, labels, trainRows);
Console.WriteLine($"data: {rows} rows from a {Spiral.Classes}-arm spiral (radius {Spiral.InnerRadius}–{Spiral.InnerRadius + 1}, {Spiral.Turn / Math.PI:F2}π turn per arm, noise sd {Spiral.Noise}), seed {seed}; {trainRows} to fit, {testRows} held out; features standardised with the fitting half's mean and sd");

// What the best possible classifier does: the Bayes rule of the generating distribution, on the same held-out rows,
// and its expected accuracy (the mean over held-out rows of max_k P(k | x), an unbiased estimate of the Bayes rate).
int bayesHits = 0;
double bayesRate = 0;
double bayesLogScore = 0;
for (int r = trainRows; r < rows; r++)
{
    double[] p = Spiral.Posterior(all[r, 0], all[r, 1]);
    int best = Array.IndexOf(p, p.Max());
    bayesHits += best == labels[r] ? 1 : 0;
    bayesRate += p.Max();
    bayesLogScore += Math.Log(p[labels[r]]);
}

bayesRate /= testRows;
Console.WriteLine($"Bayes-optimal rule: {(double)bayesHits / testRows:P1} on the held-out rows (expected accuracy {bayesRate:P1}); mean log P(true class) {bayesLogScore / testRows:F3}");

var model = new SpiralNetwork(trainX, trainY);
AdviFit<float> fit = model.Fit(new AdviOptions { Iterations = iterations, Seed = seed });
string k = fit.ParetoK is { } pk ? $", Pareto k̂ {pk.K:F2} ({pk.Reading})" : string.Empty;
Console.WriteLine($"fit: {SpiralNetwork.ParameterCount} parameters, {fit.Iterations} ADVI iterations in {fit.Elapsed.TotalSeconds:F2} s at {model.SimdWidth}, final ELBO {fit.Elbo[^1].Value:F1}{k}{(fit.Message is null ? string.Empty : "; " + fit.Message)}");

CategoricalPredictive test = model.Predict(testX, fit.Sample(drawCount, seed));
int[] predicted = test.PredictedClasses();
int[,] confusion = test.ConfusionMatrix<float>(testY);
Console.WriteLine($"held-out accuracy: {test.Accuracy<float>(testY):P1} over {testRows} rows ({drawCount} posterior draws)");
Console.WriteLine("per class (accuracy = recall) and confusion matrix, rows = true class, columns = predicted:");
Console.WriteLine($"  {"class",-6} {"rows",5} {"accuracy",9}   {string.Join(" ", Enumerable.Range(0, Spiral.Classes).Select(c => $"{"→" + c,5}"))}");
for (int c = 0; c < Spiral.Classes; c++)
{
    int count = Enumerable.Range(0, Spiral.Classes).Sum(j => confusion[c, j]);
    string accuracy = count == 0 ? "-" : ((double)confusion[c, c] / count).ToString("P1", CultureInfo.InvariantCulture);
    Console.WriteLine($"  {c,-6} {count,5} {accuracy,9}   {string.Join(" ", Enumerable.Range(0, Spiral.Classes).Select(j => $"{confusion[c, j],5}"))}");
}

(double[] trueMean, double[] trueSd) = test.TrueClassProbability<float>(testY);
double logScore = trueMean.Average(p => Math.Log(Math.Max(p, 1e-300)));
Console.WriteLine($"P(true class): mean {trueMean.Average():F3}, its posterior sd on average {trueSd.Average():F3}; mean log P(true class) {logScore:F3} (Bayes rule {bayesLogScore / testRows:F3})");
Report("rows predicted right", r => predicted[r] == (int)testY[r]);
Report("rows predicted wrong", r => predicted[r] != (int)testY[r]);
Console.WriteLine($"wall time {clock.Elapsed.TotalSeconds:F1} s");

void Report(string what, Func<int, bool> which)
{
    int[] selected = [.. Enumerable.Range(0, testRows).Where(which)];
    if (selected.Length == 0)
    {
        Console.WriteLine($"  {what}: none");
        return;
    }

    Console.WriteLine($"  {what} ({selected.Length}): P(true class) mean {selected.Average(r => trueMean[r]):F3}, posterior sd mean {selected.Average(r => trueSd[r]):F3}");
}

static (float[,] TrainX, float[] TrainY, float[,] TestX, float[] TestY) Split(double[,] x, int[] labels, int trainRows)
{
    // Standardise with the fitting half's statistics only, as one would with data not yet seen.
    int rows = labels.Length;
    var mean = new double[2];
    var sd = new double[2];
    for (int c = 0; c < 2; c++)
    {
        mean[c] = Enumerable.Range(0, trainRows).Average(r => x[r, c]);
        sd[c] = Math.Sqrt(Enumerable.Range(0, trainRows).Sum(r => Math.Pow(x[r, c] - mean[c], 2)) / (trainRows - 1));
    }

    var trainX = new float[trainRows, 2];
    var testX = new float[rows - trainRows, 2];
    var trainY = new float[trainRows];
    var testY = new float[rows - trainRows];
    for (int r = 0; r < rows; r++)
    {
        for (int c = 0; c < 2; c++)
        {
            float v = (float)((x[r, c] - mean[c]) / sd[c]);
            if (r < trainRows)
            {
                trainX[r, c] = v;
            }
            else
            {
                testX[r - trainRows, c] = v;
            }
        }

        if (r < trainRows)
        {
            trainY[r] = labels[r];
        }
        else
        {
            testY[r - trainRows] = labels[r];
        }
    }

    return (trainX, trainY, testX, testY);
}

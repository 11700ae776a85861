using ModelGen;
using ModelGen.Inference;
using ModelGen.Random;

// What a user writes after `dotnet add package ModelGen`: declare, bind, fit, predict.
const int Rows = 400;
var rng = new Rng(7);
var x = new double[Rows, 2];
var y = new double[Rows];
for (int r = 0; r < Rows; r++)
{
    x[r, 0] = rng.NextNormal();
    x[r, 1] = rng.NextNormal();
    y[r] = (x[r, 0] * x[r, 0]) + x[r, 1] > 0.5 ? 1 : 0;
}

var model = new Classifier(Slice(x, 0, Rows / 2), y[..(Rows / 2)]);
AdviFit<double> fit = model.Fit(new AdviOptions { Iterations = 5_000, Seed = 1 });
var prediction = model.Predict(Slice(x, Rows / 2, Rows), fit.Sample(500));
double accuracy = prediction.Accuracy<double>(y.AsSpan(Rows / 2));
Console.WriteLine($"consumer: {Classifier.ParameterCount} parameters, {fit.Iterations} iterations, held-out accuracy {accuracy:P1}");

// A quadratic boundary that a 4-unit tanh layer learns easily: well above the 50 % of guessing.
if (accuracy < 0.85)
{
    Console.Error.WriteLine("consumer: accuracy below 85 %: the packaged generator or runtime is broken");
    return 1;
}

return 0;

static double[,] Slice(double[,] a, int from, int to)
{
    var s = new double[to - from, a.GetLength(1)];
    for (int r = from; r < to; r++)
    {
        for (int c = 0; c < a.GetLength(1); c++)
        {
            s[r - from, c] = a[r, c];
        }
    }

    return s;
}

[Model<double>]
public partial class Classifier
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 4, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true), Normal(0, 1)] public partial Layer Logit { get; }

    [Bernoulli(Logits = nameof(Logit))] public partial Observed Y { get; }
}

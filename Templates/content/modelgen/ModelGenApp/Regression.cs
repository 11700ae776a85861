using ModelGen;
using ModelGen.Random;

namespace ModelGenApp;

/// <summary>
/// A linear regression, y = x·w + b + ε with ε ~ N(0, σ²): two weights and a bias with Normal(0, 5) priors and a
/// HalfNormal(2) prior on the noise sd σ. The generator compiles this class into its log density and gradient,
/// its samplers and its fits at build time. Change it into your own model: docs/dsl.md in the ModelGen repository
/// lists the attributes.
/// </summary>
[Model<double>]
public partial class Regression
{
    /// <summary>Two features per row.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>The regression line: two weights and a bias.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 5)]
    public partial Layer Line { get; }

    /// <summary>The noise sd.</summary>
    [HalfNormal(2)]
    public partial Parameter Sigma { get; }

    /// <summary>The response.</summary>
    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }
}

/// <summary>The values that generate the simulated data, so a fit can be checked against them.</summary>
public static class Truth
{
    /// <summary>The weights of the two features.</summary>
    public static readonly double[] Weights = [1.5, -0.7];

    /// <summary>The intercept.</summary>
    public const double Bias = 0.8;

    /// <summary>The noise sd.</summary>
    public const double Sigma = 0.5;

    /// <summary>Rows with x ~ N(0, 1) per feature and y = x·w + b + N(0, σ²).</summary>
    public static (double[,] X, double[] Y) Simulate(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[rows, Weights.Length];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double mean = Bias;
            for (int c = 0; c < Weights.Length; c++)
            {
                x[r, c] = rng.NextNormal();
                mean += Weights[c] * x[r, c];
            }

            y[r] = mean + (Sigma * rng.NextNormal());
        }

        return (x, y);
    }

    /// <summary>The true value of every parameter, at its place in the model's flat layout (the summary's order).</summary>
    public static double[] Of(Regression model)
    {
        var truth = new double[Regression.ParameterCount];
        for (int i = 0; i < Weights.Length; i++)
        {
            truth[model.Line.Weights.Offset + i] = Weights[i];
        }

        truth[model.Line.Bias!.Offset] = Bias;
        truth[model.Sigma.Block.Offset] = Sigma;
        return truth;
    }
}

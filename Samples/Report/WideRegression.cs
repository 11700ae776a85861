using ModelGen.Random;
using ModelGen.Sampling;

namespace ModelGen.Samples.Report;

/// <summary>
/// A model of exactly 100 parameters for the report of a large fit (98 weights, a bias and the noise sd): a linear
/// regression on 98 features, one copy for this sample, the report test (Tests/ModelGen.Plots.Tests) and the report
/// benchmark (Tests/Benchmarks), which link it.
/// </summary>
[Model<double>]
public partial class WideRegression
{
    /// <summary>Ninety-eight features per row.</summary>
    [Input(features: 98)]
    public partial Input X { get; }

    /// <summary>98 weights and a bias.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)]
    public partial Layer Line { get; }

    /// <summary>The noise sd.</summary>
    [HalfNormal(1)]
    public partial Parameter Sigma { get; }

    /// <summary>The response.</summary>
    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }

    /// <summary>300 rows, x ~ N(0, 1), weights ~ N(0, 0.5²), bias 0.3, noise sd 1; then NUTS with <paramref name="chains"/> × (<paramref name="draws"/> + <paramref name="draws"/>).</summary>
    public static (WideRegression Model, NutsFit<double> Fit) Fitted(int chains, int draws, ulong seed)
    {
        const int Rows = 300, Features = 98;
        var rng = new Rng(seed);
        var weights = new double[Features];
        for (int c = 0; c < Features; c++)
        {
            weights[c] = 0.5 * rng.NextNormal();
        }

        var x = new double[Rows, Features];
        var y = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            double mean = 0.3;
            for (int c = 0; c < Features; c++)
            {
                x[r, c] = rng.NextNormal();
                mean += weights[c] * x[r, c];
            }

            y[r] = mean + rng.NextNormal();
        }

        var model = new WideRegression(x, y);
        return (model, model.Nuts(new NutsOptions { Seed = seed, Chains = chains, Warmup = draws, Draws = draws }));
    }
}

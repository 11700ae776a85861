namespace ModelGen.EndToEnd.Tests.Models;

/// <summary>
/// The mean of Normal data with known sd 2 and a Normal(1, 0.5) prior, as a network: X is a column of ones, so the
/// one weight of <see cref="Mean"/> is the mean and every row's prediction is that weight.
/// </summary>
[Model<double>]
public partial class NormalMeanModel
{
    public const double PriorMean = 1;
    public const double PriorSd = 0.5;
    public const double Noise = 2;

    [Input(1)] public partial Input X { get; }

    [Dense(nameof(X), 1), Normal(PriorMean, PriorSd)] public partial Layer Mean { get; }

    [Normal(nameof(Mean), Noise)] public partial Observed Y { get; }
}

/// <summary>
/// Bayesian linear regression with known noise sd 2 and Normal(0, 0.5) priors on four coefficients (no separate
/// bias: the design's first column is all ones). With orthogonal columns the posterior factorises, so mean-field
/// ADVI can be exact.
/// </summary>
[Model<double>]
public partial class OrthogonalRegressionModel
{
    public const double PriorSd = 0.5;
    public const double Noise = 2;

    [Input(4)] public partial Input X { get; }

    [Dense(nameof(X), 1), Normal(0, PriorSd)] public partial Layer Line { get; }

    [Normal(nameof(Line), Noise)] public partial Observed Y { get; }

    /// <summary>The coefficients that make <see cref="Simulate"/>'s data.</summary>
    public static readonly double[] Truth = [1, -1, 0.5, 2];

    /// <summary>
    /// Four columns of the 16×16 Sylvester–Hadamard matrix (the first all ones), so XᵀX = 16·I, and y = X·truth plus
    /// N(0, Noise²) from <paramref name="seed"/>: the design every exact-posterior test of this model uses.
    /// </summary>
    public static (double[,] X, double[] Y) Simulate(ulong seed)
    {
        const int rows = 16;
        var rng = new ModelGen.Random.Rng(seed);
        var x = new double[rows, Truth.Length];
        var y = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < Truth.Length; c++)
            {
                x[r, c] = System.Numerics.BitOperations.PopCount((uint)(r & c)) % 2 == 0 ? 1 : -1;
                y[r] += Truth[c] * x[r, c];
            }

            y[r] += Noise * rng.NextNormal();
        }

        return (x, y);
    }
}

/// <summary>The Regression sample's model (Samples/Regression/RegressionModel.cs): learned noise with an Exponential(1) prior.</summary>
[Model<double>]
public partial class NoiseRegressionModel
{
    [Input(3)] public partial Input X { get; }

    [Exponential(1)] public partial Parameter Sigma { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 10)] public partial Layer Line { get; }

    [Normal(nameof(Line), nameof(Sigma))] public partial Observed Y { get; }
}

/// <summary>
/// Linear regression with improper flat priors, as Stan writes it when no prior is given: flat coefficients and
/// intercept, and a noise scale flat on σ &gt; 0 (fitted through log σ, so the Jacobian applies).
/// </summary>
[Model<double>]
public partial class FlatRegressionModel
{
    [Input(3)] public partial Input X { get; }

    [HalfFlat] public partial Parameter Sigma { get; }

    [Dense(nameof(X), 1, Bias = true), Flat] public partial Layer Line { get; }

    [Normal(nameof(Line), nameof(Sigma))] public partial Observed Y { get; }
}

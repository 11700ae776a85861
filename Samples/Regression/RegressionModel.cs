namespace ModelGen.Samples.Regression;

/// <summary>
/// y = x·w + b + ε, ε ~ N(0, σ²), with three features, Normal(0, 10) on the weights and the bias and an
/// Exponential(1) prior on the learned noise σ.
/// </summary>
[Model<double>]
public partial class RegressionModel
{
    /// <summary>Three features per row.</summary>
    [Input(features: 3)]
    public partial Input X { get; }

    /// <summary>The noise sd, learned.</summary>
    [Exponential(1)]
    public partial Parameter Sigma { get; }

    /// <summary>The regression line: three weights and a bias.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 10)]
    public partial Layer Line { get; }

    /// <summary>The response.</summary>
    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }
}

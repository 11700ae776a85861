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

/// <summary>
/// The same regression with Stan's default priors written out: improper flat priors on the weights and the bias
/// (<c>Flat</c>) and on σ &gt; 0 (<c>HalfFlat</c>). The posterior is proper here because there are more rows than
/// coefficients and the features are not collinear (docs/dsl.md, "Flat priors").
/// </summary>
[Model<double>]
public partial class FlatRegressionModel
{
    /// <summary>Three features per row.</summary>
    [Input(features: 3)]
    public partial Input X { get; }

    /// <summary>The noise sd, learned, flat on σ &gt; 0.</summary>
    [HalfFlat]
    public partial Parameter Sigma { get; }

    /// <summary>The regression line: three weights and a bias, flat.</summary>
    [Dense(nameof(X), 1, Bias = true), Flat]
    public partial Layer Line { get; }

    /// <summary>The response.</summary>
    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }
}

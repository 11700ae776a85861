namespace ModelGen.Samples.CountRegression;

/// <summary>
/// Counts y ~ Poisson(exp(x·w + b)) with three features and Normal(0, 2) on the weights and the bias: the variance
/// of each count equals its mean.
/// </summary>
[Model<double>]
public partial class PoissonRegression
{
    /// <summary>Three features per row.</summary>
    [Input(features: 3)]
    public partial Input X { get; }

    /// <summary>The log of each row's rate: three weights and a bias.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 2)]
    public partial Layer LogRate { get; }

    /// <summary>The counts.</summary>
    [Poisson(LogRate = nameof(LogRate))]
    public partial Observed Y { get; }
}

/// <summary>
/// The same regression with over-dispersed counts: y ~ NegativeBinomial(mean exp(x·w + b), dispersion φ), variance
/// μ + μ²/φ, with φ learned under a Gamma(2, rate 0.5) prior (mean 4).
/// </summary>
[Model<double>]
public partial class NegativeBinomialRegression
{
    /// <summary>Three features per row.</summary>
    [Input(features: 3)]
    public partial Input X { get; }

    /// <summary>The dispersion φ, learned (smaller is more over-dispersed).</summary>
    [Gamma(2, 0.5)]
    public partial Parameter Phi { get; }

    /// <summary>The log of each row's mean count: three weights and a bias.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 2)]
    public partial Layer LogRate { get; }

    /// <summary>The counts.</summary>
    [NegativeBinomial(nameof(LogRate), nameof(Phi))]
    public partial Observed Y { get; }
}

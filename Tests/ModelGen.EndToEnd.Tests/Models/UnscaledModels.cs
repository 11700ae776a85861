namespace ModelGen.EndToEnd.Tests.Models;

/// <summary>
/// The study's price regression (docs/advi-defaults.md) with its noise known (400), so that the posterior is exactly Gaussian
/// and the mean-field optimum has a closed form: outcome ~ 7·10³, un-centred predictors ~ 10², their product ~ 2.5·10⁴, flat priors.
/// </summary>
[Model<double>]
public partial class KnownNoisePrice
{
    [Input(features: 3)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Flat] public partial Layer Line { get; }

    [Normal(nameof(Line), 400)] public partial Observed Y { get; }
}

/// <summary>The study's log-price regression with its noise known (0.15): log outcome, un-centred predictors ~ 10², flat priors.</summary>
[Model<double>]
public partial class KnownNoiseLogPrice
{
    [Input(features: 2)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Flat] public partial Layer Line { get; }

    [Normal(nameof(Line), 0.15)] public partial Observed Y { get; }
}

/// <summary>The study's income regression with its noise known (3,000): outcome ~ 2.5·10⁴, predictors ~ 10², Normal(0, 10⁴) priors.</summary>
[Model<double>]
public partial class KnownNoiseIncome
{
    [Input(features: 2)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 10000)] public partial Layer Line { get; }

    [Normal(nameof(Line), 3000)] public partial Observed Y { get; }
}

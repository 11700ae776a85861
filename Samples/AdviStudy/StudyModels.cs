namespace ModelGen.Samples.AdviStudy;

/// <summary>The issue's regression: three features, n = 1,000, Normal(0, 10) on the weights and bias, HalfNormal(2) on σ.</summary>
[Model<double>]
public partial class IssueRegression
{
    [Input(features: 3)]
    public partial Input X { get; }

    [HalfNormal(2)]
    public partial Parameter Sigma { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 10)]
    public partial Layer Line { get; }

    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }
}

/// <summary>
/// A price regression nobody standardised: outcome in the thousands, two un-centred predictors of scale 10² and their
/// product (scale 10⁴), flat priors on the coefficients and intercept, flat on σ &gt; 0 (Stan's default when no prior is written).
/// </summary>
[Model<double>]
public partial class FlatPriceRegression
{
    [Input(features: 3)]
    public partial Input X { get; }

    [HalfFlat]
    public partial Parameter Sigma { get; }

    [Dense(nameof(X), 1, Bias = true), Flat]
    public partial Layer Line { get; }

    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }
}

/// <summary>The log of a price (tens of thousands) on two un-centred predictors of scale 10², flat priors.</summary>
[Model<double>]
public partial class FlatLogPriceRegression
{
    [Input(features: 2)]
    public partial Input X { get; }

    [HalfFlat]
    public partial Parameter Sigma { get; }

    [Dense(nameof(X), 1, Bias = true), Flat]
    public partial Layer Line { get; }

    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }
}

/// <summary>
/// An income regression with the wide "weakly informative" priors people write for unscaled data: outcome scale 10⁴,
/// two un-centred predictors of scale 10², Normal(0, 10⁴) on the coefficients, HalfNormal(10⁴) on σ, n = 120.
/// </summary>
[Model<double>]
public partial class WideIncomeRegression
{
    [Input(features: 2)]
    public partial Input X { get; }

    [HalfNormal(10000)]
    public partial Parameter Sigma { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 10000)]
    public partial Layer Line { get; }

    [Normal(nameof(Line), nameof(Sigma))]
    public partial Observed Y { get; }
}

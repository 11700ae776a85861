namespace ModelGen.Samples.Loo;

/// <summary>
/// The simplest rival of the seed network: a straight decision boundary, logit = w·x + b, Normal(0, 1) on the two
/// weights and the intercept. The moons are not linearly separable, so cross-validation should prefer the network.
/// </summary>
[Model<float>]
public partial class LogisticRegression
{
    /// <summary>The two coordinates of each point.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>The logit: two weights and an intercept.</summary>
    [Dense(nameof(X), 1, Bias = true), Normal(0, 1)]
    public partial Layer Logit { get; }

    /// <summary>The class label, 0 or 1.</summary>
    [Bernoulli(Logits = nameof(Logit))]
    public partial Observed Y { get; }
}

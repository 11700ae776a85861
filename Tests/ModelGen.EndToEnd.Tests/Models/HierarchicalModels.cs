namespace ModelGen.EndToEnd.Tests.Models;

/// <summary>
/// A hierarchical network: per-unit weight scales with their own hyperprior (element by element), a non-centred
/// vector of bias means with a learned location and scale, and non-centred output weights with a shared scale.
/// </summary>
[Model<double>]
public partial class HierarchicalNet
{
    [Input(2)] public partial Input X { get; }

    [HalfNormal(1), Size(3)] public partial Parameter ScaleBase { get; }

    [HalfNormal(nameof(ScaleBase)), Size(3)] public partial Parameter HiddenScales { get; }

    [HalfCauchy(1)] public partial Parameter OutputScale { get; }

    [Normal(0, 2)] public partial Parameter Mu { get; }

    [HalfNormal(1)] public partial Parameter Tau { get; }

    [Normal(nameof(Mu), nameof(Tau), NonCentered = true), Size(3)] public partial Parameter BiasMeans { get; }

    [Dense(nameof(X), 3, Activation.Tanh, Bias = true)]
    [Normal(0, nameof(HiddenScales), Part = LayerPart.Weights), Normal(nameof(BiasMeans), 0.5, Part = LayerPart.Bias)]
    public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1), Normal(0, nameof(OutputScale), NonCentered = true)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>
/// Every prior family, each reached through a reference so the gradient passes through all of them and through
/// every transform (log, softplus, scaled logit); the likelihood's noise is learned.
/// </summary>
[Model<double>]
public partial class PriorZoo
{
    [Input(2)] public partial Input X { get; }

    [Gamma(3, 0.5)] public partial Parameter Nu { get; }

    [LogNormal(0, 0.5)] public partial Parameter Tail { get; }

    [HalfNormal(1, Transform = ParameterTransform.Softplus)] public partial Parameter Soft { get; }

    [StudentT(nameof(Tail), 0, nameof(Soft))] public partial Parameter Location { get; }

    [HalfStudentT(3, 1)] public partial Parameter Spread { get; }

    [Laplace(0, 1)] public partial Parameter Centre { get; }

    [HalfCauchy(2)] public partial Parameter CauchyScale { get; }

    [Cauchy(nameof(Centre), nameof(CauchyScale))] public partial Parameter Offset { get; }

    [InverseGamma(3, 2)] public partial Parameter BiasScale { get; }

    [Exponential(2)] public partial Parameter OutputSpread { get; }

    [Beta(2, 3)] public partial Parameter Shrink { get; }

    [Uniform(0.2, 3)] public partial Parameter Noise { get; }

    [Dense(nameof(X), 3, Activation.Tanh, Bias = true)]
    [StudentT(nameof(Nu), nameof(Location), nameof(Spread), Part = LayerPart.Weights), Normal(nameof(Offset), nameof(BiasScale), Part = LayerPart.Bias)]
    public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true)]
    [Laplace(nameof(Centre), nameof(OutputSpread), Part = LayerPart.Weights), Normal(0, nameof(Shrink), Part = LayerPart.Bias)]
    public partial Layer Mean { get; }

    [Normal(nameof(Mean), nameof(Noise))] public partial Observed Y { get; }
}

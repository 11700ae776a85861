namespace ModelGen.EndToEnd.Tests.Models;

// The scalar constraint transforms on the kernel IR (issue 17), each on the scale of one part of a layer: with that
// part's values at 0 the density's dependence on the scale is its prior, its transform's log-Jacobian and the layer
// prior's −log x, a closed form in the tests.

/// <summary>A positive parameter through exp (HalfNormal's default) and one through softplus, float.</summary>
[Model<float>]
public partial class ConstrainedScalarsFloat
{
    [Input(1)] public partial Input X { get; }

    [HalfNormal(1)] public partial Parameter Positive { get; }

    [HalfNormal(1, Transform = ParameterTransform.Softplus)] public partial Parameter Soft { get; }

    [Dense(nameof(X), 1, Bias = true)]
    [Normal(0, nameof(Positive), Part = LayerPart.Weights), Normal(0, nameof(Soft), Part = LayerPart.Bias)]
    public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>The same, double.</summary>
[Model<double>]
public partial class ConstrainedScalarsDouble
{
    [Input(1)] public partial Input X { get; }

    [HalfNormal(1)] public partial Parameter Positive { get; }

    [HalfNormal(1, Transform = ParameterTransform.Softplus)] public partial Parameter Soft { get; }

    [Dense(nameof(X), 1, Bias = true)]
    [Normal(0, nameof(Positive), Part = LayerPart.Weights), Normal(0, nameof(Soft), Part = LayerPart.Bias)]
    public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>Two interval parameters through the scaled logit (a Uniform's support): one on (0.5, 2.5), one on (0, 1), float.</summary>
[Model<float>]
public partial class ConstrainedIntervalsFloat
{
    [Input(1)] public partial Input X { get; }

    [Uniform(0.5, 2.5)] public partial Parameter Wide { get; }

    [Uniform(0, 1)] public partial Parameter Unit { get; }

    [Dense(nameof(X), 1, Bias = true)]
    [Normal(0, nameof(Wide), Part = LayerPart.Weights), Normal(0, nameof(Unit), Part = LayerPart.Bias)]
    public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>The same, double.</summary>
[Model<double>]
public partial class ConstrainedIntervalsDouble
{
    [Input(1)] public partial Input X { get; }

    [Uniform(0.5, 2.5)] public partial Parameter Wide { get; }

    [Uniform(0, 1)] public partial Parameter Unit { get; }

    [Dense(nameof(X), 1, Bias = true)]
    [Normal(0, nameof(Wide), Part = LayerPart.Weights), Normal(0, nameof(Unit), Part = LayerPart.Bias)]
    public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

namespace ModelGen.EndToEnd.Tests.Models;

// Neal's funnel in the attribute language: v ~ N(0, 3) and xᵢ ~ N(0, e^{v/2}), i = 1 … 9. The scale σ = e^{v/2} is
// LogNormal(0, 1.5), fitted as log σ = v/2, so the unconstrained space is the funnel itself (v halved). The xᵢ are
// the weights of a 1 → 9 layer, since every parameter must lie on the path to a likelihood; the tests bind one row
// with input 0, so the layer's output and the likelihood do not depend on any weight and the posterior is the prior:
// the funnel, and the output layer's 9 weights independent N(0, 1).

/// <summary>Neal's funnel, centred: the values are drawn at the scale's own width, the geometry NUTS diverges on.</summary>
[Model<double>]
public partial class CentredFunnel
{
    [Input(1)] public partial Input X { get; }

    [LogNormal(0, 1.5)] public partial Parameter Scale { get; }

    [Dense(nameof(X), 9), Normal(0, nameof(Scale))] public partial Layer Values { get; }

    [Dense(nameof(Values), 1), Normal(0, 1)] public partial Layer Line { get; }

    [Normal(nameof(Line), 1)] public partial Observed Y { get; }
}

/// <summary>Neal's funnel, non-centred: values = scale · z with z ~ N(0, 1), an isotropic space for NUTS.</summary>
[Model<double>]
public partial class NonCentredFunnel
{
    [Input(1)] public partial Input X { get; }

    [LogNormal(0, 1.5)] public partial Parameter Scale { get; }

    [Dense(nameof(X), 9), Normal(0, nameof(Scale), NonCentered = true)] public partial Layer Values { get; }

    [Dense(nameof(Values), 1), Normal(0, 1)] public partial Layer Line { get; }

    [Normal(nameof(Line), 1)] public partial Observed Y { get; }
}

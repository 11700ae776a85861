namespace ModelGen.EndToEnd.Tests.Models;

// Models with tiled (≥ 32-unit) layers, for WideLayerTests and ChunkedGradientTests. MG2001 counts only unrolled
// layers, so even Wide128Net's 16,384-weight layer raises nothing (AnalyzerTests.GoodModels includes this file).

/// <summary>The seed's shape 32 units wide (2-32-32-1): both hidden layers are emitted tiled.</summary>
[Model<double>]
public partial class Wide32Net
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 32, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

    [Dense(nameof(Hidden1), 32, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }

    [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>2-128-128-1: 16,768 weights, tiled.</summary>
[Model<double>]
public partial class Wide128Net
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 128, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

    [Dense(nameof(Hidden1), 128, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }

    [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>
/// Tiled layers in every position: after a narrow layer (its input adjoints go back to registers), after a tiled one,
/// with biases, sigmoid/ReLU/identity, and widths that leave partial tiles of units and of inputs (35 = 4·8 + 3, 33 = 4·8 + 1).
/// </summary>
[Model<double>]
public partial class WideMixed
{
    [Input(3)] public partial Input X { get; }

    [Dense(nameof(X), 4, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer A { get; }

    [Dense(nameof(A), 35, Activation.Sigmoid, Bias = true), Normal(0, 1)] public partial Layer B { get; }

    [Dense(nameof(B), 33, Activation.Relu, Bias = true), Normal(0, 0.5)] public partial Layer C { get; }

    [Dense(nameof(C), 32, Activation.Identity), Normal(0, 0.5)] public partial Layer D { get; }

    [Dense(nameof(D), 1, Bias = true), Normal(0, 1)] public partial Layer Mean { get; }

    [Normal(nameof(Mean), 0.5)] public partial Observed Y { get; }
}

namespace ModelGen.EndToEnd.Tests.Models;

/// <summary>Three classes through a small tanh network: 2 inputs → 3 tanh units (bias) → 3 logits (bias).</summary>
[Model<double>]
public partial class CategoricalNet : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 3, Activation.Tanh, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 3, Bias = true), Normal(0, 1)] public partial Layer Logits { get; }

    [Categorical(Logits = nameof(Logits))] public partial Observed Y { get; }
}

/// <summary>Softmax regression over four classes: 2 inputs → 4 logits, no hidden layer, weights N(0, 2²).</summary>
[Model<double>]
public partial class SoftmaxRegression : ITestDensity
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 4, Bias = true), Normal(0, 2)] public partial Layer Logits { get; }

    [Categorical(Logits = nameof(Logits))] public partial Observed Y { get; }
}

/// <summary>Softmax regression over three classes in float, for the fits: 2 inputs → 3 logits with biases.</summary>
[Model<float>]
public partial class SoftmaxRegressionFloat
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 3, Bias = true), Normal(0, 3)] public partial Layer Logits { get; }

    [Categorical(Logits = nameof(Logits))] public partial Observed Y { get; }
}

namespace ModelGen.EndToEnd.Tests.Models;

// Models the DSL can express, each declared once per element type where the tests need both.
// Gradient and density checks run on the double declarations, so float rounding cannot hide a
// wrong adjoint; the float ones are what users fit.

/// <summary>The seed notebook's network, float.</summary>
[Model<float>]
public partial class SeedFloat
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }

    [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>The seed notebook's network, double.</summary>
[Model<double>]
public partial class SeedDouble
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }

    [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

/// <summary>Biases with their own prior, checked Inputs, a classifier of 3 features.</summary>
[Model<double>]
public partial class BiasedClassifier
{
    [Input(3)] public partial Input Features { get; }

    [Dense(nameof(Features), 4, Activation.Tanh, Bias = true, Inputs = 3)]
    [Normal(0, 1.5, Part = LayerPart.Weights)]
    [Normal(0.25, 2, Part = LayerPart.Bias)]
    public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true, Inputs = 4), Normal(0, 1)] public partial Layer Logit { get; }

    [Bernoulli(Logits = nameof(Logit))] public partial Observed Label { get; }
}

/// <summary>A Normal likelihood over a softplus network with biases: a nonlinear regression.</summary>
[Model<double>]
public partial class SoftplusRegression
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 3, Activation.Softplus, Bias = true), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Bias = true), Normal(-0.5, 2)] public partial Layer Mean { get; }

    [Normal(nameof(Mean), 0.5)] public partial Observed Y { get; }
}

/// <summary>Deeper and wider, every activation, and a sigmoid output read as P (folded into the logit link).</summary>
[Model<double>]
public partial class DeepMixed
{
    [Input(4)] public partial Input X { get; }

    [Dense(nameof(X), 8, Activation.Sigmoid), Normal(0, 1)] public partial Layer A { get; }

    [Dense(nameof(A), 3, Activation.Relu, Bias = true), Normal(0, 1)] public partial Layer B { get; }

    [Dense(nameof(B), 6, Activation.Identity), Normal(0, 1)] public partial Layer C { get; }

    [Dense(nameof(C), 7, Activation.Tanh, Bias = true), Normal(0, 0.8)] public partial Layer D { get; }

    [Dense(nameof(D), 1, Activation.Sigmoid), Normal(0, 1)] public partial Layer P { get; }

    [Bernoulli(P = nameof(P))] public partial Observed Y { get; }
}

/// <summary>Bayesian linear regression with known noise: its exact posterior is Gaussian, in closed form.</summary>
[Model<double>]
public partial class LinearRegression
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 3)] public partial Layer Line { get; }

    [Normal(nameof(Line), 0.7)] public partial Observed Y { get; }
}

/// <summary>Extreme but legal scales: a very tight prior and a very wide likelihood.</summary>
[Model<float>]
public partial class ExtremeScales
{
    [Input(1)] public partial Input X { get; }

    [Dense(nameof(X), 1, Bias = true), Normal(0, 1e-4)] public partial Layer Line { get; }

    [Normal(nameof(Line), 1e4)] public partial Observed Y { get; }
}

using ModelGen;

namespace ModelGen.Samples.MultiClass;

/// <summary>
/// A Bayesian neural network classifier for three classes: 2 standardised features → 12 tanh units → 12 tanh units →
/// 3 logits, every weight and bias Normal(0, 1), and a categorical likelihood on the softmax of the logits
/// (PyMC's <c>pm.Categorical("y", logit_p=logits)</c>).
/// </summary>
[Model<float>]
public partial class SpiralNetwork
{
    [Input(features: 2)]
    public partial Input X { get; }

    [Dense(nameof(X), 12, Activation.Tanh, Bias = true), Normal(0, 1)]
    public partial Layer Hidden1 { get; }

    [Dense(nameof(Hidden1), 12, Activation.Tanh, Bias = true), Normal(0, 1)]
    public partial Layer Hidden2 { get; }

    [Dense(nameof(Hidden2), 3, Bias = true), Normal(0, 1)]
    public partial Layer Logits { get; }

    [Categorical(Logits = nameof(Logits))]
    public partial Observed Y { get; }
}

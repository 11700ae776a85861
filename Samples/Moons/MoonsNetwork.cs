namespace ModelGen.Samples.Moons;

/// <summary>
/// The seed notebook's network: 2 inputs, two hidden layers of 5 tanh units, one output unit, no
/// biases, Normal(0, 1) on every weight, and a Bernoulli likelihood on the output's logit.
/// </summary>
[Model<float>]
public partial class MoonsNetwork
{
    /// <summary>The two coordinates of each point.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>First hidden layer: weights_in_1 in the notebook.</summary>
    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden1 { get; }

    /// <summary>Second hidden layer: weights_1_2.</summary>
    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden2 { get; }

    /// <summary>The output unit's logit: weights_2_out.</summary>
    [Dense(nameof(Hidden2), 1), Normal(0, 1)]
    public partial Layer Output { get; }

    /// <summary>The class label, 0 or 1.</summary>
    [Bernoulli(Logits = nameof(Output))]
    public partial Observed Y { get; }
}

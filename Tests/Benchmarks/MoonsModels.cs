namespace ModelGen.Benchmarks;

// The seed network of Samples/Moons/MoonsNetwork.cs, declared once per element type: 2 inputs, two
// hidden layers of 5 tanh units, one output logit, no biases, Normal(0, 1) priors, Bernoulli likelihood.

/// <summary>The seed network in <see cref="float"/>.</summary>
[Model<float>]
public partial class MoonsNetworkSingle
{
    /// <summary>The two coordinates of each point.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>First hidden layer.</summary>
    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden1 { get; }

    /// <summary>Second hidden layer.</summary>
    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden2 { get; }

    /// <summary>The output unit's logit.</summary>
    [Dense(nameof(Hidden2), 1), Normal(0, 1)]
    public partial Layer Output { get; }

    /// <summary>The class label, 0 or 1.</summary>
    [Bernoulli(Logits = nameof(Output))]
    public partial Observed Y { get; }
}

/// <summary>The seed network in <see cref="double"/>.</summary>
[Model<double>]
public partial class MoonsNetworkDouble
{
    /// <summary>The two coordinates of each point.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>First hidden layer.</summary>
    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden1 { get; }

    /// <summary>Second hidden layer.</summary>
    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden2 { get; }

    /// <summary>The output unit's logit.</summary>
    [Dense(nameof(Hidden2), 1), Normal(0, 1)]
    public partial Layer Output { get; }

    /// <summary>The class label, 0 or 1.</summary>
    [Bernoulli(Logits = nameof(Output))]
    public partial Observed Y { get; }
}

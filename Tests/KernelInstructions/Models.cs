using ModelGen;

namespace ModelGen.KernelInstructions;

// Models the samples do not declare: the seed network in double, and the wide network of the tiled kernels.

/// <summary>The seed network (Samples/Moons) in <see cref="double"/>.</summary>
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

/// <summary>2-128-128-1 tanh, Bernoulli logit: the tiled wide-layer kernels.</summary>
[Model<float>]
public partial class Wide128
{
    /// <summary>The two coordinates of each point.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>First hidden layer.</summary>
    [Dense(nameof(X), 128, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden1 { get; }

    /// <summary>Second hidden layer.</summary>
    [Dense(nameof(Hidden1), 128, Activation.Tanh), Normal(0, 1)]
    public partial Layer Hidden2 { get; }

    /// <summary>The output unit's logit.</summary>
    [Dense(nameof(Hidden2), 1), Normal(0, 1)]
    public partial Layer Output { get; }

    /// <summary>The class label, 0 or 1.</summary>
    [Bernoulli(Logits = nameof(Output))]
    public partial Observed Y { get; }
}

namespace ModelGen.Sources.Tests.Models;

/// <summary>The seed notebook's network (as Samples/Moons/MoonsNetwork.cs): 2-5-5-1 tanh, Normal(0, 1) weights, Bernoulli logits.</summary>
[Model<float>]
public partial class SeedNetwork
{
    [Input(features: 2)] public partial Input X { get; }

    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }

    [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

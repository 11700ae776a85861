namespace ModelGen.Samples.HierarchicalMoons;

/// <summary>
/// The seed notebook's 2-5-5-1 tanh network with the scale of every weight prior learned instead of fixed at 1:
/// one HalfNormal(1) scale per unit of the first layer (the weights into that unit), one shared by the second
/// layer, and a non-centred output layer whose shared scale is learned too.
/// </summary>
[Model<float>]
public partial class HierarchicalMoonsNetwork
{
    /// <summary>The two coordinates of each point.</summary>
    [Input(features: 2)]
    public partial Input X { get; }

    /// <summary>The prior sd of the weights into each of the first layer's 5 units.</summary>
    [HalfNormal(1), Size(5)]
    public partial Parameter Hidden1Scales { get; }

    /// <summary>The prior sd shared by the second layer's 25 weights.</summary>
    [HalfNormal(1)]
    public partial Parameter Hidden2Scale { get; }

    /// <summary>The prior sd shared by the 5 output weights.</summary>
    [HalfNormal(1)]
    public partial Parameter OutputScale { get; }

    /// <summary>First hidden layer: unit j's two weights ~ Normal(0, Hidden1Scales[j]).</summary>
    [Dense(nameof(X), 5, Activation.Tanh), Normal(0, nameof(Hidden1Scales))]
    public partial Layer Hidden1 { get; }

    /// <summary>Second hidden layer: every weight ~ Normal(0, Hidden2Scale).</summary>
    [Dense(nameof(Hidden1), 5, Activation.Tanh), Normal(0, nameof(Hidden2Scale))]
    public partial Layer Hidden2 { get; }

    /// <summary>The output logit, non-centred: w = OutputScale·z with z ~ Normal(0, 1), so a small scale is no funnel.</summary>
    [Dense(nameof(Hidden2), 1), Normal(0, nameof(OutputScale), NonCentered = true)]
    public partial Layer Output { get; }

    /// <summary>The class label, 0 or 1.</summary>
    [Bernoulli(Logits = nameof(Output))]
    public partial Observed Y { get; }
}

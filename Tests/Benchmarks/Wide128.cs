namespace ModelGen.Benchmarks;

// The wide network of WideKernelBenchmarks, also counted by Tests/KernelInstructions.

/// <summary>A 2-128-128-1 tanh network (16,768 weights): tiled hidden layers, an output layer looped over its wide input.</summary>
[Model<float>]
public partial class Wide128
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 128, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden1 { get; }

    [Dense(nameof(Hidden1), 128, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden2 { get; }

    [Dense(nameof(Hidden2), 1), Normal(0, 1)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

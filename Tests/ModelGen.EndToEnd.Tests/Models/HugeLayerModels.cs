namespace ModelGen.EndToEnd.Tests.Models;

// Kept out of WideModels.cs (which the analyzer tests read as good models): a layer far past any thread's stack.

/// <summary>
/// 1-100,000-1 with a Normal likelihood: the hidden layer's units, one register each, are 100,000 × 64 bytes at 512
/// bits, twice with their adjoints: 12.8 MB, fifty times a 256 KB stack (HugeLayerTests).
/// </summary>
[Model<double>]
public partial class Huge100kNet
{
    public const int Units = 100_000;

    [Input(1)] public partial Input X { get; }

    [Dense(nameof(X), Units, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1), Normal(0, 1)] public partial Layer Output { get; }

    [Normal(nameof(Output), 1.0)] public partial Observed Y { get; }
}

using ModelGen;

// docs/diagnostics/MG0019.md's example: a sigmoid layer read as logits. The model is well defined, so it is
// generated and runs; the analyzers warn (MG0019) that the sigmoid is applied twice. The build must show that.
var model = new Squashed(new float[,] { { 0.5f, -1f }, { -0.25f, 2f } }, [1f, 0f]);
float logDensity = model.LogDensity(new float[Squashed.ParameterCount]);
Console.WriteLine($"consumer-warnings: {Squashed.ParameterCount} parameters, log density at 0 = {logDensity}");
return float.IsFinite(logDensity) ? 0 : 1;

[Model<float>]
public partial class Squashed
{
    [Input(2)] public partial Input X { get; }

    [Dense(nameof(X), 3, Activation.Tanh), Normal(0, 1)] public partial Layer Hidden { get; }

    [Dense(nameof(Hidden), 1, Activation.Sigmoid), Normal(0, 1)] public partial Layer Output { get; }

    [Bernoulli(Logits = nameof(Output))] public partial Observed Y { get; }
}

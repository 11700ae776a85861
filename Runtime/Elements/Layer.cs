namespace ModelGen;

/// <summary>Describes a dense layer of a generated model: the type of a <c>[Dense]</c> property.</summary>
/// <param name="Name">The element's name (its property name).</param>
/// <param name="Input">The element it reads.</param>
/// <param name="Inputs">Input width.</param>
/// <param name="Units">Output units.</param>
/// <param name="Activation">The activation.</param>
/// <param name="Weights">The weight block, inputs × units.</param>
/// <param name="Bias">The bias block, or null when the layer has none.</param>
public sealed record Layer(string Name, string Input, int Inputs, int Units, Activation Activation, ParameterBlock Weights, ParameterBlock? Bias);

namespace ModelGen;

/// <summary>
/// A fully connected layer: <c>out = activation(in · W + b)</c>, where <c>W</c> is inputs × units
/// (row-major, as PyMC's <c>shape=(inputs, units)</c>) and <c>b</c> has one entry per unit.
/// The weights (and bias) are parameters: give the property a prior attribute such as
/// <see cref="NormalAttribute"/>. Put it on a <c>partial Layer</c> property.
/// </summary>
/// <param name="input">The element this layer reads: an <see cref="InputAttribute"/> or another layer; use <c>nameof</c>.</param>
/// <param name="units">Output units; at least 1.</param>
/// <param name="activation">The function applied to each unit.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DenseAttribute(string input, int units, Activation activation = Activation.Identity) : Attribute
{
    /// <summary>The element this layer reads.</summary>
    public string Input { get; } = input;

    /// <summary>Output units.</summary>
    public int Units { get; } = units;

    /// <summary>The activation applied to each unit.</summary>
    public Activation Activation { get; } = activation;

    /// <summary>
    /// The input width this layer expects. Optional: when set, ModelGen checks it against what
    /// <see cref="Input"/> provides, so a change upstream cannot silently rewire the network.
    /// </summary>
    public int Inputs { get; set; }

    /// <summary>Whether the layer adds a bias vector (one parameter per unit). Default false, as in the seed notebook.</summary>
    public bool Bias { get; set; }
}

/// <summary>Activation functions of a layer.</summary>
public enum Activation
{
    /// <summary>No activation: the layer is affine.</summary>
    Identity = 0,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 1,

    /// <summary>Logistic sigmoid 1 / (1 + e⁻ˣ).</summary>
    Sigmoid = 2,

    /// <summary>max(x, 0).</summary>
    Relu = 3,

    /// <summary>log(1 + eˣ).</summary>
    Softplus = 4,
}

/// <summary>Selects which parameter block of a layer a prior applies to.</summary>
public enum LayerPart
{
    /// <summary>Every block of the member (weights and, if present, bias). The default.</summary>
    All = 0,

    /// <summary>The weight matrix only.</summary>
    Weights = 1,

    /// <summary>The bias vector only.</summary>
    Bias = 2,
}

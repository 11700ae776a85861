using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Lower;

// The IR Emit works from: the chain from input to likelihood in evaluation order, with resolved
// widths and the flat parameter layout. Value-equatable like the spec.

/// <summary>A checked model, lowered: nodes in evaluation order and the parameter layout.</summary>
internal sealed record ModelGraph(
    TypeRef Type,
    ElementType ElementType,
    EquatableArray<MemberSpec> Members,
    bool DeclaresParameterlessConstructor,
    InputNode Input,
    EquatableArray<DenseNode> Layers,
    LikelihoodNode Likelihood,
    EquatableArray<ParameterNode> Parameters)
{
    /// <summary>Length of the flat unconstrained parameter vector.</summary>
    public int Dimension => Parameters.Count == 0 ? 0 : Parameters[Parameters.Count - 1].Offset + Parameters[Parameters.Count - 1].Length;

    /// <summary>"float" or "double".</summary>
    public string Scalar => ElementType == ElementType.Double ? "double" : "float";
}

/// <summary>The input data: <see cref="Features"/> feature-major columns.</summary>
internal sealed record InputNode(string Name, int Features);

/// <summary>A dense layer: out = activation(in · W + b).</summary>
internal sealed record DenseNode(
    string Name,
    string Source,
    int Inputs,
    int Units,
    ActivationKind Activation,
    ParameterNode Weights,
    ParameterNode? Bias,
    bool SigmoidFoldedIntoLink);

/// <summary>A block of the flat parameter vector with its prior. Weights are Rows × Cols, row-major.</summary>
internal sealed record ParameterNode(string Name, string Element, int Offset, int Rows, int Cols, PriorSpec Prior)
{
    public int Length => Rows * Cols;
}

/// <summary>The likelihood of the observed element, reading the last layer's single unit.</summary>
internal sealed record LikelihoodNode(string Name, DistributionKind Kind, string Source, LinkKind DeclaredLink, double Sigma);

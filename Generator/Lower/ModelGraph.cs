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

    /// <summary>
    /// Whether some parameter is constrained or non-centred, so the kernels work on constrained values computed from θ
    /// (and chain their gradient back through the transforms) rather than on θ itself.
    /// </summary>
    public bool HasTransforms
    {
        get
        {
            foreach (ParameterNode p in Parameters)
            {
                if (p.Transform.Kind != TransformKind.Identity)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>
/// The input data: <see cref="Features"/> feature-major columns, of which the layers read <see cref="LayerColumns"/>
/// (the rest are group indices and named per-row values).
/// </summary>
internal sealed record InputNode(string Name, int Features)
{
    /// <summary>The columns the first layer reads, in order; every column when the model has no groups or named columns.</summary>
    public EquatableArray<int> LayerColumns { get; init; } = EquatableArray<int>.Empty;

    /// <summary>The group indices in the input.</summary>
    public EquatableArray<GroupNode> Groups { get; init; } = EquatableArray<GroupNode>.Empty;

    /// <summary>The named per-row values in the input.</summary>
    public EquatableArray<ColumnNode> Columns { get; init; } = EquatableArray<ColumnNode>.Empty;
}

/// <summary>A group index: column <see cref="Column"/> holds each row's group, 0 … <see cref="Levels"/> − 1.</summary>
internal sealed record GroupNode(string Name, int Column, int Levels);

/// <summary>A named per-row value: column <see cref="Column"/> of the input.</summary>
internal sealed record ColumnNode(string Name, int Column);

/// <summary>
/// A parameter standing for a per-row value in the likelihood's linear predictor (its location or intercept): the
/// block at <see cref="Offset"/>, a scalar, or one value per level of the group in input column <see cref="GroupColumn"/>.
/// </summary>
internal sealed record TermNode(string Name, int Offset, int Length, string? Group, int GroupColumn)
{
    public bool IsPerGroup => Group is not null;
}

/// <summary>A dense layer: out = activation(in · W + b).</summary>
internal sealed record DenseNode(
    string Name,
    string Source,
    int Inputs,
    int Units,
    ActivationKind Activation,
    ParameterNode Weights,
    ParameterNode? Bias,
    bool SigmoidFoldedIntoLink,
    bool Tiled);

/// <summary>
/// A block of the flat parameter vector with its prior, its arguments resolved to constants or other blocks, and its
/// transform from the unconstrained θ. Weights are Rows × Cols, row-major.
/// </summary>
internal sealed record ParameterNode(string Name, string Element, int Offset, int Rows, int Cols, PriorSpec Prior)
{
    public int Length => Rows * Cols;

    /// <summary>The prior's arguments in the distribution's order.</summary>
    public EquatableArray<ArgNode> Args { get; init; } = EquatableArray<ArgNode>.Empty;

    /// <summary>How θ maps to this block's values.</summary>
    public TransformNode Transform { get; init; } = TransformNode.Identity;
}

/// <summary>How an unconstrained block maps to its values (see ModelGen.Constraints.Transform).</summary>
internal enum TransformKind
{
    /// <summary>x = u.</summary>
    Identity,

    /// <summary>x = exp(u).</summary>
    Exp,

    /// <summary>x = log(1 + eᵘ).</summary>
    Softplus,

    /// <summary>x = lower + (upper − lower)·σ(u).</summary>
    Interval,

    /// <summary>x = mu + sigma·u with u ~ N(0, 1): the Normal prior's non-centred form.</summary>
    NonCentered,
}

/// <summary>A transform and its constant bounds (Interval only).</summary>
internal sealed record TransformNode(TransformKind Kind, double Lower, double Upper)
{
    public static readonly TransformNode Identity = new(TransformKind.Identity, 0, 0);
}

/// <summary>How a referenced block's values line up with the values a prior covers.</summary>
internal enum ArgShape
{
    /// <summary>A constant.</summary>
    Constant,

    /// <summary>One value shared by every element.</summary>
    Scalar,

    /// <summary>One value per column (per unit of a layer's weights or bias).</summary>
    PerColumn,

    /// <summary>One value per element (a vector parameter's prior naming another of its length).</summary>
    PerElement,
}

/// <summary>A prior argument: a constant, or the block at <see cref="Offset"/> (named <see cref="Reference"/>) read as <see cref="Shape"/> says.</summary>
internal sealed record ArgNode(string Name, double Constant, string? Reference, int Offset, ArgShape Shape);

/// <summary>
/// The likelihood of the observed element, reading the last layer's single unit. A Normal's sigma is the constant
/// <see cref="Sigma"/>, or the scalar parameter at <see cref="SigmaOffset"/> (named <see cref="SigmaName"/>) when learned.
/// </summary>
internal sealed record LikelihoodNode(string Name, DistributionKind Kind, string Source, LinkKind DeclaredLink, double Sigma)
{
    public int SigmaOffset { get; init; } = -1;

    /// <summary>The likelihood's own arguments besides its link (sigma; nu and sigma; dispersion; trials), constants or scalar parameters.</summary>
    public EquatableArray<ArgNode> Args { get; init; } = EquatableArray<ArgNode>.Empty;

    /// <summary>Whether some argument is a parameter, whose gradient the likelihood then gives.</summary>
    public bool LearnsArgs
    {
        get
        {
            foreach (ArgNode a in Args)
            {
                if (a.Shape != ArgShape.Constant)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The argument called <paramref name="name"/>.</summary>
    public ArgNode Arg(string name)
    {
        foreach (ArgNode a in Args)
        {
            if (a.Name == name)
            {
                return a;
            }
        }

        throw new System.InvalidOperationException("Likelihood '" + Name + "' has no argument '" + name + "'.");
    }

    public string? SigmaName { get; init; }

    /// <summary>The parameter that is the location itself (no layer: <see cref="Source"/> names it), or null.</summary>
    public TermNode? Location { get; init; }

    /// <summary>The parameter added to the linear predictor, or null.</summary>
    public TermNode? Intercept { get; init; }

    /// <summary>The input column giving each row's sigma (a Normal with a named column), or -1.</summary>
    public int SigmaColumn { get; init; } = -1;

    /// <summary>The input column giving each row's trials (a Binomial with TrialsFrom), or -1.</summary>
    public int TrialsColumn { get; init; } = -1;

    /// <summary>The named column of the per-row trials, or null.</summary>
    public string? TrialsName { get; init; }

    /// <summary>Whether the linear predictor is more than one layer's unit: a parameter location, an intercept, or both.</summary>
    public bool HasTerms => Location is not null || Intercept is not null;

    public bool LearnsSigma => SigmaOffset >= 0;
}

namespace ModelGen.Generator.Spec;

// The parser's output: plain values only (strings, numbers, enums, EquatableArray), never a symbol,
// syntax node or location, so an edit that does not change the model leaves it equal and every
// later stage cached.

/// <summary>A model as declared: its type, element type and elements in declaration order.</summary>
internal sealed record ModelSpec(
    TypeRef Type,
    ElementType ElementType,
    EquatableArray<MemberSpec> Members,
    EquatableArray<InputSpec> Inputs,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<ObservedSpec> Observed);

/// <summary>Where the partial class lives: namespace ("" for the global one), name, accessibility and enclosing types.</summary>
internal sealed record TypeRef(string Namespace, string Name, string Accessibility, EquatableArray<string> ContainingTypes)
{
    /// <summary>"Ns.Outer.Name" (no global:: prefix), for hint names and messages.</summary>
    public string FullName
    {
        get
        {
            string nested = ContainingTypes.Count == 0 ? Name : string.Join(".", ContainingTypes) + "." + Name;
            return Namespace.Length == 0 ? nested : Namespace + "." + nested;
        }
    }
}

/// <summary>The model's element type; <see cref="Unsupported"/> keeps a bad declaration parseable so Check can report it.</summary>
internal enum ElementType
{
    Float,
    Double,
    Unsupported,
}

/// <summary>A property's declared type, by the runtime descriptor it names.</summary>
internal enum MemberKind
{
    Input,
    Layer,
    Observed,
    Other,
}

/// <summary>A partial property of a descriptor type: the generator implements every one, even in a model with errors.</summary>
internal sealed record MemberSpec(string Name, MemberKind Kind, string Accessibility);

/// <summary>An <c>[Input(features)]</c> property.</summary>
internal sealed record InputSpec(string Name, int Features);

/// <summary>A <c>[Dense]</c> property with its priors.</summary>
internal sealed record LayerSpec(
    string Name,
    string Input,
    int Units,
    ActivationKind Activation,
    bool Bias,
    int DeclaredInputs,
    PriorSpec? WeightPrior,
    PriorSpec? BiasPrior);

/// <summary>Activation functions; values match <c>ModelGen.Activation</c>.</summary>
internal enum ActivationKind
{
    Identity = 0,
    Tanh = 1,
    Sigmoid = 2,
    Relu = 3,
    Softplus = 4,
}

/// <summary>Distribution families known to the generator.</summary>
internal enum DistributionKind
{
    Normal,
    Bernoulli,
}

/// <summary>A prior: a distribution and its arguments in the distribution's parameter order.</summary>
internal sealed record PriorSpec(DistributionKind Kind, EquatableArray<ArgSpec> Args);

/// <summary>A distribution argument: a constant, or the name of another model element.</summary>
internal sealed record ArgSpec(string Name, double Constant, string? Reference)
{
    public bool IsConstant => Reference is null;
}

/// <summary>How the likelihood reads its layer.</summary>
internal enum LinkKind
{
    /// <summary>Bernoulli(logits = layer).</summary>
    Logits,

    /// <summary>Bernoulli(p = layer): the layer must end in a sigmoid, folded into the logit link.</summary>
    Probability,

    /// <summary>Normal(mu = layer, sigma).</summary>
    Mean,
}

/// <summary>The observed element and its likelihood.</summary>
internal sealed record ObservedSpec(
    string Name,
    DistributionKind Kind,
    string Source,
    LinkKind Link,
    EquatableArray<ArgSpec> Args);
